import type { Logger } from 'pino';
import type { WidgetTokenKeys } from './auth/widget-token.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db/database.ts';
import type { EventBus } from './events/bus.ts';
import type { Metrics } from './metrics.ts';
import type { ProgramChangeRunner } from './training/program-change-runner.ts';
import type { SnapshotCache } from './training/snapshot-cache.ts';
import type { WriteContext } from './training/write.ts';

/** What the routes share; built once by `createApp`. */
export interface Services extends WriteContext {
  config: Config;
  database: Database;
  db: Db;
  bus: EventBus;
  keys: WidgetTokenKeys;
  snapshots: SnapshotCache;
  metrics: Metrics;
  publicUrl: () => string;
  logger: Logger;
  programChanges: ProgramChangeRunner;
}
