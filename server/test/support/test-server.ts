// Starts the real server on a free port for a test file: in-memory PGlite by default, or a
// PostgreSQL schema of its own when SISO_TEST_DATABASE=postgres (npm run test:pg).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { createServiceKey, type ServiceRole } from '../../src/auth/service-keys.ts';
import { mintWidgetToken, WidgetTokenKeys } from '../../src/auth/widget-token.ts';
import { signBody } from '../../src/ingest/signature.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { systemClock, type Clock } from '../../src/time/clock.ts';

export { ManualClock } from './clock.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const TEST_SIGNING_SECRET = 'ingest-secret-ingest-secret-ingest-0123456789';

export interface TestServer extends RunningServer {
  config: Config;
  /** A widget token for `partnerId` signed with the server's key, valid from the server clock's now. */
  tokenFor(partnerId: string, ttlSeconds?: number): Promise<string>;
  /** A new live service key of `role`. */
  keyFor(role: ServiceRole): Promise<string>;
  /** `Siso-Signature` for a body, signed at the server clock's now with the server's ingestion secret. */
  sign(body: string): string;
  /** `POST /v1/ingest/events` with `key`, the batch signed as `sign` does. */
  ingest(key: string, events: readonly object[]): Promise<Response>;
  /** Where its database lives, for `startTestServer(env, { reuse })`. */
  location: { schemaName?: string | undefined; dataDir?: string };
}

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.SISO_TEST_DATABASE === 'postgres' ? 'postgres' : 'pglite';
}

/**
 * @example
 * const server = await startTestServer();
 * afterAll(() => server.close());
 * const res = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${await server.tokenFor('northwind')}` } });
 */
export interface TestServerOptions {
  /**
   * Open this database instead of a fresh one (a restart): a PGlite directory, or the PostgreSQL
   * schema of an earlier server started with `keep`.
   */
  reuse?: TestServer['location'];
  /** Leave the PostgreSQL schema behind on close, for a later server to `reuse`. */
  keep?: boolean;
  /** The server's clock (a `ManualClock` to move); default the machine's. */
  clock?: Clock;
}

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const postgres = testDatabaseKind() === 'postgres';
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    WIDGET_TOKEN_SECRETS: TEST_SECRET,
    INGEST_SIGNING_SECRETS: TEST_SIGNING_SECRET,
    // Suites send thousands of requests on one credential; the rate limit has its own test.
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    SERVICE_RATE_LIMIT_PER_SECOND: '100000',
    SERVICE_RATE_LIMIT_BURST: '100000',
    SWEEP_INTERVAL_SECONDS: '0',
    DEMO: '1',
    // The demo training system would change partners under the tests' feet.
    DEMO_TRAINING_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
    ...(postgres ? { DATABASE_URL: TEST_DATABASE_URL } : {}),
    ...env,
  });
  const schemaName = postgres ? (options.reuse?.schemaName ?? `t_${process.pid}_${randomBytes(4).toString('hex')}`) : undefined;
  const dataDir = options.reuse?.dataDir ?? 'memory://';
  const clock = options.clock ?? systemClock;
  const server = await startServer({
    config,
    logger: pino({ level: 'silent' }),
    database: postgres ? { schemaName } : { dataDir },
    clock,
  });
  const keys = new WidgetTokenKeys(config.widgetTokenSecrets);
  const sign = (body: string) =>
    signBody({ secret: config.ingestSigningSecrets[0]!, body, timestamp: Math.floor(clock.now().getTime() / 1000) });
  return {
    ...server,
    config,
    location: postgres ? { schemaName } : { dataDir },
    tokenFor: async (partnerId, ttlSeconds = 600) => (await mintWidgetToken({ keys, partnerId, ttlSeconds, now: clock.now() })).token,
    keyFor: async (role) => (await createServiceKey(server.database.db, { role })).key,
    sign,
    ingest(key, events) {
      const body = JSON.stringify({ events });
      return fetch(`${server.url}/v1/ingest/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'siso-signature': sign(body) },
        body,
      });
    },
    async close() {
      await server.close();
      if (schemaName && !options.keep) await dropSchema(schemaName);
    },
  };
}

async function dropSchema(schemaName: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schemaName} cascade`);
  } finally {
    await client.end();
  }
}
