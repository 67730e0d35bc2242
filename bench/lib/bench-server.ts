// Child process for HTTP benchmarks: the real server (PGlite in memory, or DATABASE_URL) and,
// beside it, a bare Hono app answering a JSON route, so both are measured on one runtime.
// Prints one JSON line with the URLs and a widget token, then serves until killed (SIGTERM exits
// normally, so that a `--cpu-prof` run writes its profile). Demo data unless DEMO=0 (the demo
// partners give the HTTP benchmarks their widget token).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pino from 'pino';
import type { AddressInfo } from 'node:net';
import { mintWidgetToken, WidgetTokenKeys } from '../../server/src/auth/widget-token.ts';
import { loadConfig } from '../../server/src/config.ts';
import { startServer } from '../../server/src/server.ts';

const config = loadConfig({ ...process.env, PORT: '0', DEMO: process.env.DEMO ?? '1', LOG_LEVEL: 'silent' });
process.once('SIGTERM', () => process.exit(0));
const server = await startServer({
  config,
  logger: pino({ level: 'silent' }),
  ...(config.databaseUrl ? {} : { database: { dataDir: 'memory://' } }),
});

const payload = { status: 'ok', items: [1, 2, 3] };
const bare = new Hono().get('/json', (c) => c.json(payload));
const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => bareServer.once('listening', resolve));

const { token } = await mintWidgetToken({
  keys: new WidgetTokenKeys(config.widgetTokenSecrets),
  partnerId: 'northwind',
  ttlSeconds: 900,
  now: new Date(),
});
console.log(
  JSON.stringify({
    url: server.url,
    bareUrl: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`,
    token,
    database: server.database.kind,
  }),
);
