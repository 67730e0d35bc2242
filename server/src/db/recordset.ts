// Bulk statements whose rows travel as one JSON parameter, expanded by `jsonb_to_recordset`:
// building and binding thousands of parameters costs more than the database's work. Column
// names and types come from the Drizzle table, and rows are typed by its insert model, so a
// column renamed in the schema fails to compile here instead of failing at run time. Each
// statement's text is rendered once, when it is declared; a call only binds the rows.
import { getTableColumns, sql, type SQL, type SQLChunk } from 'drizzle-orm';
import { PgDialect, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';

/** A property of the table's insert model (the TypeScript name, not the column's). */
export type ColumnKey<T extends PgTable> = keyof T['$inferInsert'] & string;

/** A row giving each of `K` a value (null where the column allows it); JSON-serialisable as is. */
export type RecordsetRow<T extends PgTable, K extends ColumnKey<T>> = { [P in K]-?: Exclude<T['$inferInsert'][P], undefined> };

/** A bulk statement: the rows in, the SQL to execute out. */
export type RecordsetStatement<Row> = (rows: readonly Row[]) => SQL;

/** Every property of the table's insert model: rows must then name every column. */
export function columnKeys<T extends PgTable>(table: T): ColumnKey<T>[] {
  return Object.keys(getTableColumns(table)) as ColumnKey<T>[];
}

const dialect = new PgDialect();
const ALIAS = sql.identifier('x');

function column<T extends PgTable>(table: T, key: ColumnKey<T>): PgColumn {
  const col = (getTableColumns(table) as Record<string, PgColumn>)[key];
  if (!col) throw new Error(`no column "${key}" in table`);
  return col;
}

const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);
const columnNames = <T extends PgTable>(table: T, keys: readonly ColumnKey<T>[]) =>
  list(keys.map((k) => sql.identifier(column(table, k).name)));
const values = (keys: readonly string[]) => list(keys.map((k) => sql`${ALIAS}.${sql.identifier(k)}`));

/**
 * A statement around `jsonb_to_recordset($1::jsonb) as x("partnerId" text, …)` (the JSON keys
 * are the model's names), its text before and after the rows rendered now.
 */
function statement<T extends PgTable, Row>(table: T, keys: readonly ColumnKey<T>[], before: SQL, after: SQL): RecordsetStatement<Row> {
  const defs = list(keys.map((k) => sql`${sql.identifier(k)} ${sql.raw(column(table, k).getSQLType())}`));
  const head = sql.raw(dialect.sqlToQuery(sql`${before} jsonb_to_recordset(`).sql);
  const tail = sql.raw(dialect.sqlToQuery(sql`::jsonb) as ${ALIAS}(${defs}) ${after}`).sql);
  return (rows) => sql`${head}${JSON.stringify(rows)}${tail}`;
}

export interface RecordsetInsertOptions<K extends string> {
  /** `on conflict (target) do update set` each of `update` to the value proposed. */
  onConflict?: { target: readonly K[]; update: readonly K[] };
}

/**
 * An `insert` of every row given, the rows as one JSON parameter.
 *
 * @example
 * const upsert = recordsetInsert(moduleProgress, columnKeys(moduleProgress), {
 *   onConflict: { target: ['partnerId', 'moduleId'], update: ['status', 'percent'] },
 * });
 * await tx.execute(upsert(rows));
 */
export function recordsetInsert<T extends PgTable, K extends ColumnKey<T>>(
  table: T,
  keys: readonly K[],
  { onConflict }: RecordsetInsertOptions<K> = {},
): RecordsetStatement<RecordsetRow<T, K>> {
  const set =
    onConflict &&
    list(onConflict.update.map((k) => sql`${sql.identifier(column(table, k).name)} = excluded.${sql.identifier(column(table, k).name)}`));
  const conflict = onConflict ? sql`on conflict (${columnNames(table, onConflict.target)}) do update set ${set}` : sql``;
  return statement(table, keys, sql`insert into ${table} (${columnNames(table, keys)}) select ${values(keys)} from`, conflict);
}

/**
 * An `update` of every row given, matched by the `match` columns, setting the `set` columns;
 * the rows as one JSON parameter.
 *
 * @example
 * const update = recordsetUpdate(partners, { match: ['id'], set: ['tier', 'rate'] });
 * await tx.execute(update(rows));
 */
export function recordsetUpdate<T extends PgTable, M extends ColumnKey<T>, S extends ColumnKey<T>>(
  table: T,
  { match, set }: { match: readonly M[]; set: readonly S[] },
): RecordsetStatement<RecordsetRow<T, M | S>> {
  const assign = list(set.map((k) => sql`${sql.identifier(column(table, k).name)} = ${ALIAS}.${sql.identifier(k)}`));
  const where = sql.join(
    match.map((k) => sql`${column(table, k)} = ${ALIAS}.${sql.identifier(k)}`),
    sql` and `,
  );
  return statement(table, [...match, ...set], sql`update ${table} set ${assign} from`, sql`where ${where}`);
}

/**
 * `recordsetInsert` declared and called at once, its text rendered at each call: for a statement
 * that runs rarely. Declare the statement once where it runs often.
 *
 * @example
 * await tx.execute(insertRecordset(events, columnKeys(events), rows));
 */
export function insertRecordset<T extends PgTable, K extends ColumnKey<T>>(
  table: T,
  keys: readonly K[],
  rows: readonly RecordsetRow<T, K>[],
  options: RecordsetInsertOptions<K> = {},
): SQL {
  return recordsetInsert(table, keys, options)(rows);
}
