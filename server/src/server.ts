import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { openDatabase, type OpenDatabaseOptions } from './db/open.ts';
import { seedCatalog, seedDemoPartners } from './db/seed.ts';
import { DEMO_PARTNERS } from './demo/partners.ts';
import { LocalEventBus } from './events/bus.ts';
import { join } from 'node:path';

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
    schemaName: overrides?.schemaName,
  });
  try {
    await seedCatalog(database.db);
    if (config.demo) await seedDemoPartners(database.db, DEMO_PARTNERS);
  } catch (error) {
    await database.close();
    throw error;
  }

  let listeningAt = '';
  const bus = new LocalEventBus();
  const app = createApp({ config, database, logger, bus, publicUrl: () => config.publicUrl ?? listeningAt });
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
    async close() {
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
