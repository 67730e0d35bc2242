import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** Drizzle over either driver; queries are written once against this type. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle: the same query surface as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface PoolState {
  /** Connections open, idle or busy. */
  readonly total: number;
  readonly idle: number;
  /** Queries waiting for a connection: above zero for long, the pool is too small. */
  readonly waiting: number;
}

export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection pool as it is now (the embedded database has none). */
  readonly pool?: PoolState;
  /** Round trip to the database; throws when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
