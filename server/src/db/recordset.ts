// Bulk statements whose rows travel as one JSON parameter, expanded by `jsonb_to_recordset`:
// building and binding thousands of parameters costs more than the database's work. Column
// names and types come from the Drizzle table, and rows are typed by its insert model, so a
// column renamed in the schema fails to compile here instead of failing at run time.
import { getTableColumns, sql, type SQL, type SQLChunk } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/** A property of the table's insert model (the TypeScript name, not the column's). */
export type ColumnKey<T extends PgTable> = keyof T['$inferInsert'] & string;

/** A row giving each of `K` a value (null where the column allows it); JSON-serialisable as is. */
export type RecordsetRow<T extends PgTable, K extends ColumnKey<T>> = { [P in K]-?: Exclude<T['$inferInsert'][P], undefined> };

/** Every property of the table's insert model: rows must then name every column. */
export function columnKeys<T extends PgTable>(table: T): ColumnKey<T>[] {
  return Object.keys(getTableColumns(table)) as ColumnKey<T>[];
}

const ALIAS = sql.identifier('x');

function column<T extends PgTable>(table: T, key: ColumnKey<T>): PgColumn {
  const col = (getTableColumns(table) as Record<string, PgColumn>)[key];
  if (!col) throw new Error(`no column "${key}" in table`);
  return col;
}

const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);

// `jsonb_to_recordset($1::jsonb) as x("partnerId" text, …)`: the JSON keys are the model's names.
function source<T extends PgTable>(table: T, keys: readonly ColumnKey<T>[], rows: readonly object[]): SQL {
  const defs = list(keys.map((k) => sql`${sql.identifier(k)} ${sql.raw(column(table, k).getSQLType())}`));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${ALIAS}(${defs})`;
}

const columnNames = <T extends PgTable>(table: T, keys: readonly ColumnKey<T>[]) => list(keys.map((k) => sql.identifier(column(table, k).name)));
const values = (keys: readonly string[]) => list(keys.map((k) => sql`${ALIAS}.${sql.identifier(k)}`));

export interface InsertRecordsetOptions<K extends string> {
  /** `on conflict (target) do update set` each of `update` to the value proposed. */
  onConflict?: { target: readonly K[]; update: readonly K[] };
}

/**
 * One `insert` of every row, the rows as one JSON parameter.
 *
 * @example
 * await tx.execute(insertRecordset(moduleProgress, columnKeys(moduleProgress), rows, {
 *   onConflict: { target: ['partnerId', 'moduleId'], update: ['status', 'percent'] },
 * }));
 */
export function insertRecordset<T extends PgTable, K extends ColumnKey<T>>(
  table: T,
  keys: readonly K[],
  rows: readonly RecordsetRow<T, K>[],
  { onConflict }: InsertRecordsetOptions<K> = {},
): SQL {
  const insert = sql`insert into ${table} (${columnNames(table, keys)}) select ${values(keys)} from ${source(table, keys, rows)}`;
  if (!onConflict) return insert;
  const set = list(onConflict.update.map((k) => sql`${sql.identifier(column(table, k).name)} = excluded.${sql.identifier(column(table, k).name)}`));
  return sql`${insert} on conflict (${columnNames(table, onConflict.target)}) do update set ${set}`;
}

/**
 * One `update` of every row, matched by the `match` columns, setting the `set` columns; the
 * rows as one JSON parameter.
 *
 * @example
 * await tx.execute(updateRecordset(partners, { match: ['id'], set: ['tier', 'rate'] }, rows));
 */
export function updateRecordset<T extends PgTable, M extends ColumnKey<T>, S extends ColumnKey<T>>(
  table: T,
  { match, set }: { match: readonly M[]; set: readonly S[] },
  rows: readonly RecordsetRow<T, M | S>[],
): SQL {
  const assign = list(set.map((k) => sql`${sql.identifier(column(table, k).name)} = ${ALIAS}.${sql.identifier(k)}`));
  const where = sql.join(
    match.map((k) => sql`${column(table, k)} = ${ALIAS}.${sql.identifier(k)}`),
    sql` and `,
  );
  return sql`update ${table} set ${assign} from ${source(table, [...match, ...set], rows)} where ${where}`;
}
