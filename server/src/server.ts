import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { openDatabase, type OpenDatabaseOptions } from './db/open.ts';
import { seedCatalog, seedDemoPartners } from './db/seed.ts';
import { DEMO_PARTNERS } from './demo/partners.ts';
import { LocalEventBus, type EventBus } from './events/bus.ts';
import { PgEventBus } from './events/pg-bus.ts';
import { startRetention } from './events/retention.ts';
import { Subscribers } from './events/subscribers.ts';
import { join } from 'node:path';
import { replaceServiceKey } from './auth/service-keys.ts';
import { reevaluatePartners } from './training/reevaluate.ts';
import { programStore } from './training/program.ts';
import { startSweep } from './training/sweep.ts';

export interface StartServerOptions {
  config: Config;
  logger?: Logger;
  /** Overrides for tests: an in-memory PGlite, a PostgreSQL schema of their own. */
  database?: Pick<OpenDatabaseOptions, 'dataDir' | 'schemaName'>;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  database: Database;
  /** Live fan-out: publish committed events here (after commit). */
  bus: EventBus;
  /**
   * Demo mode only: a training-system key and ingestion signing secret for the demo training
   * system that feeds this server (created afresh at every start).
   */
  demo: { trainingKey: string; signingSecret: string } | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database, migrates and seeds it, and serves the app until `close()`.
 *
 * @example
 * const server = await startServer({ config: loadConfig({ PORT: '0' }) });
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startServer({ config, logger = pino({ level: config.logLevel }), database: overrides }: StartServerOptions): Promise<RunningServer> {
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: overrides?.dataDir ?? join(config.dataDir, 'pglite'),
    schemaName: overrides?.schemaName ?? config.databaseSchema,
  });
  try {
    await seedCatalog(database.db);
    if (config.demo) await seedDemoPartners(database.db, DEMO_PARTNERS);
  } catch (error) {
    await database.close();
    throw error;
  }

  let bus: EventBus;
  try {
    bus = config.databaseUrl
      ? await PgEventBus.start({ db: database.db, logger, url: config.databaseUrl, schemaName: overrides?.schemaName ?? config.databaseSchema })
      : new LocalEventBus({ db: database.db, logger });
  } catch (error) {
    await database.close();
    throw error;
  }
  const subscribers = new Subscribers({ bus, heartbeatMs: config.events.heartbeatMs });
  const stopRetention = startRetention({
    db: database.db,
    logger,
    policy: { maxAgeDays: config.events.retentionDays, maxEvents: config.events.retentionEvents },
  });

  let listeningAt = '';
  const publicUrl = () => config.publicUrl ?? listeningAt;
  const ctx = { db: database.db, bus, publicUrl };
  let demo: RunningServer['demo'];
  try {
    // Partners never evaluated (new, seeded) or evaluated under an older policy.
    await reevaluatePartners(ctx, { which: 'stale', batchSize: config.reevaluationBatchSize, program: await programStore(database.db).current() });
    if (config.demo) {
      const { key } = await replaceServiceKey(database.db, { role: 'training', label: 'demo training system' });
      demo = { trainingKey: key, signingSecret: config.ingestSigningSecrets[0]! };
    }
  } catch (error) {
    await bus.close();
    await database.close();
    throw error;
  }
  const stopSweep = startSweep({ ctx, logger, intervalMs: config.sweepIntervalSeconds * 1000, batchSize: config.reevaluationBatchSize });
  const app = createApp({ config, database, logger, bus, subscribers, publicUrl });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  listeningAt = `http://${config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : host}:${port}`;

  return {
    url: `http://${host}:${port}`,
    port,
    database,
    bus,
    demo,
    async close() {
      stopSweep();
      stopRetention();
      subscribers.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and streaming connections would otherwise hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      await bus.close();
      await database.close();
    },
  };
}
