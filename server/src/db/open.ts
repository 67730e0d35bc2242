import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Database, Db } from './database.ts';
import * as schema from './schema.ts';
import { StartupError } from '../startup-error.ts';
import { lockDataDir } from './data-dir-lock.ts';

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** `postgres://…` for PostgreSQL; absent for the embedded database. */
  url?: string | undefined;
  /** PGlite data directory, or `memory://` for a throw-away database. */
  dataDir?: string;
  /**
   * PostgreSQL schema to keep every table in (created if missing). Lets test suites share one
   * database without seeing each other's rows.
   */
  schemaName?: string | undefined;
  /** Pool size for PostgreSQL (default 10). */
  poolSize?: number | undefined;
}

/** Raised when the database cannot be opened at start-up; its message is one clear line. */
export class DatabaseUnavailableError extends StartupError {
  override name = 'DatabaseUnavailableError';
}

/**
 * Opens the database and brings its schema up to date.
 *
 * @example
 * const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: '.data/pglite' });
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir ?? 'memory://');
}

async function openPglite(dataDir: string): Promise<Database> {
  const onDisk = !dataDir.startsWith('memory://');
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  const release = onDisk ? lockDataDir(dataDir) : () => {};
  const client = await PGlite.create({ dataDir }).catch((error: unknown) => {
    release();
    throw error;
  });
  try {
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    return {
      db: db as unknown as Db,
      kind: 'pglite',
      ping: async () => {
        await client.query('select 1');
      },
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    await client.close().catch(() => {});
    release();
    throw error;
  }
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<Database> {
  const schemaName = options.schemaName;
  if (schemaName !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schemaName)) {
    throw new DatabaseUnavailableError(`invalid PostgreSQL schema name "${schemaName}"`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5_000,
    ...(schemaName ? { options: `-c search_path=${schemaName}` } : {}),
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query reconnects.
  pool.on('error', () => {});
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw unreachable(url, error);
  }
  const db = drizzlePg({ client: pool, schema });
  try {
    await oneAtATime(url, `siso-training:migrate:${schemaName ?? ''}`, async () => {
      if (schemaName) await db.execute(sql.raw(`create schema if not exists ${schemaName}`));
      await migratePg(db, { migrationsFolder, ...(schemaName ? { migrationsSchema: schemaName } : {}) });
    });
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    pool: {
      get total() {
        return pool.totalCount;
      },
      get idle() {
        return pool.idleCount;
      },
      get waiting() {
        return pool.waitingCount;
      },
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}

/**
 * Runs `work` holding a PostgreSQL advisory lock named `name`, on a connection of its own. Nodes
 * that start together (a first deployment with several replicas) would otherwise all find the
 * database unmigrated and race: every one but the first failed on "already exists". Now the
 * first migrates and the others find the work done. The lock goes with its connection, so a node
 * that dies while migrating holds no one up.
 */
async function oneAtATime(url: string, name: string, work: () => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect().catch((error: unknown) => {
    throw unreachable(url, error);
  });
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    await work();
  } finally {
    // Ending the session releases the lock.
    await client.end().catch(() => {});
  }
}

const unreachable = (url: string, error: unknown) =>
  new DatabaseUnavailableError(`cannot reach PostgreSQL at ${describe(url)}: ${reason(error)}`, { cause: error });

/** host:port/database of a connection string, never its password. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.message;
  return String(error);
}
