// Several real server processes on one PostgreSQL schema, as in production behind a load
// balancer, plus what a test needs to drive them: keys, tokens, signed ingestion.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createServiceKey } from '../../src/auth/service-keys.ts';
import { mintWidgetToken, WidgetTokenKeys } from '../../src/auth/widget-token.ts';
import type { Database } from '../../src/db/database.ts';
import { openDatabase } from '../../src/db/open.ts';
import { signBody } from '../../src/ingest/signature.ts';
import { spawnServer, type SpawnedServer } from '../../../test-support/spawn-server.ts';
import { TEST_DATABASE_URL, TEST_SECRET, TEST_SIGNING_SECRET } from '../support/test-server.ts';

export interface Cluster {
  schema: string;
  /** The nodes; a slot is `undefined` while its node is down. */
  nodes: (SpawnedServer | undefined)[];
  /** The test's own connection to the same schema. */
  database: Database;
  trainingKey: string;
  adminKey: string;
  urls(): string[];
  kill(index: number): Promise<void>;
  start(index: number): Promise<SpawnedServer>;
  tokenFor(partnerId: string): Promise<string>;
  /** POSTs a signed ingestion batch to `url`. */
  ingest(url: string, events: unknown[], signal?: AbortSignal): Promise<Response>;
  close(): Promise<void>;
}

/**
 * @example
 * const cluster = await startCluster(2);
 * afterAll(() => cluster.close());
 */
export async function startCluster(size: number, env: Record<string, string> = {}): Promise<Cluster> {
  const schema = `t_cluster_${process.pid}_${randomBytes(4).toString('hex')}`;
  const nodeEnv = {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    WIDGET_TOKEN_SECRETS: TEST_SECRET,
    INGEST_SIGNING_SECRETS: TEST_SIGNING_SECRET,
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_BURST: '100000',
    SERVICE_RATE_LIMIT_PER_SECOND: '100000',
    SERVICE_RATE_LIMIT_BURST: '100000',
    LOG_LEVEL: 'error',
    ...env,
  };
  const nodes: (SpawnedServer | undefined)[] = [];
  // One after the other: the first one migrates the fresh schema.
  for (let i = 0; i < size; i += 1) nodes.push(await spawnServer(nodeEnv));
  const database = await openDatabase({ url: TEST_DATABASE_URL, schemaName: schema, poolSize: 4 });
  const keys = new WidgetTokenKeys([TEST_SECRET]);
  const trainingKey = (await createServiceKey(database.db, { role: 'training' })).key;
  const adminKey = (await createServiceKey(database.db, { role: 'admin' })).key;

  return {
    schema,
    nodes,
    database,
    trainingKey,
    adminKey,
    urls: () => nodes.flatMap((n) => (n ? [n.url] : [])),
    async kill(index) {
      const node = nodes[index];
      nodes[index] = undefined;
      await node?.kill();
    },
    async start(index) {
      const node = await spawnServer(nodeEnv);
      nodes[index] = node;
      return node;
    },
    tokenFor: async (partnerId) => (await mintWidgetToken({ keys, partnerId, ttlSeconds: 900, now: new Date() })).token,
    ingest(url, events, signal) {
      const body = JSON.stringify({ events });
      return fetch(`${url}/v1/ingest/events`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${trainingKey}`,
          'content-type': 'application/json',
          'siso-signature': signBody({ secret: TEST_SIGNING_SECRET, body, timestamp: Math.floor(Date.now() / 1000) }),
        },
        body,
        ...(signal ? { signal } : {}),
      });
    },
    async close() {
      await Promise.all(nodes.flatMap((n) => (n ? [n.kill()] : [])));
      await database.db.execute(sql.raw(`drop schema if exists ${schema} cascade`)).catch(() => {});
      await database.close();
    },
  };
}
