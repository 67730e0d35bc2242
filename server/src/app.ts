import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { WidgetTokenKeys } from './auth/widget-token.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { EventBus } from './events/bus.ts';
import { isProblem, notFound, Problem } from './errors/problem.ts';
import { requestLog } from './middleware/request-log.ts';
import { widgetAuth } from './middleware/widget-auth.ts';
import { demoRoutes } from './routes/demo.ts';
import { healthRoutes } from './routes/health.ts';
import { meRoutes } from './routes/me.ts';
import './context.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface AppOptions {
  config: Config;
  database: Database;
  logger: Logger;
  /** Where clients reach this server; known only once it listens. */
  publicUrl: () => string;
  /** Live fan-out: committed events go in, SSE subscribers listen. */
  bus: EventBus;
}

/**
 * The whole HTTP surface as one Hono app; `startServer` puts it on a port.
 *
 * @example
 * const app = createApp({ config, database, logger, publicUrl: () => 'https://training.example.com' });
 * const res = await app.request('/healthz');
 */
export function createApp({ config, database, logger, publicUrl }: AppOptions): Hono {
  const keys = new WidgetTokenKeys(config.widgetTokenSecrets);
  const app = new Hono();

  app.use(requestId(), requestLog({ logger }));
  app.use(
    secureHeaders({
      // Strict by design: the elements must work without inline script, eval or inline styles.
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'self'"],
      },
      crossOriginResourcePolicy: 'cross-origin',
    }),
  );
  const allowOrigin = (origin: string) => (config.corsOrigins.includes(origin) ? origin : null);
  // The API authenticates with Bearer tokens, never cookies, so it allows no credentials.
  app.use(
    '/v1/*',
    cors({
      origin: allowOrigin,
      allowHeaders: ['authorization', 'content-type', 'last-event-id'],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposeHeaders: ['x-request-id', 'retry-after'],
      maxAge: 600,
    }),
  );
  // The demo token route stands in for a portal's own token URL, which pages fetch with cookies.
  app.use('/demo/*', cors({ origin: allowOrigin, credentials: true }));

  app.route('/', healthRoutes(database));
  app.use('/v1/me/*', widgetAuth({ keys }));
  app.route('/v1/me', meRoutes(database.db, publicUrl));
  if (config.demo) app.route('/demo', demoRoutes(database.db, keys));

  const elementsDist = `${repoRoot}packages/elements/dist`;
  if (existsSync(elementsDist)) {
    app.use('/assets/*', serveStatic({ root: elementsDist, rewriteRequestPath: (p) => p.replace(/^\/assets/, '') }));
  } else {
    app.get('/assets/*', () => {
      throw notFound('The element bundle is not built yet: run "npm run build".');
    });
  }
  app.use('/examples/*', serveStatic({ root: `${repoRoot}examples`, rewriteRequestPath: (p) => p.replace(/^\/examples/, '') }));
  app.get('/', serveStatic({ root: `${repoRoot}examples/partner-portal`, path: 'index.html' }));

  app.notFound((c) => notFound(`No route for ${c.req.method} ${c.req.path}.`).toResponse(c.req.path));
  app.onError((error, c) => {
    if (isProblem(error)) return error.toResponse(c.req.path);
    if (error instanceof HTTPException) {
      return new Problem({ status: error.status, slug: 'http', title: error.message || 'Request refused' }).toResponse(c.req.path);
    }
    (c.var.log ?? logger).error({ err: error }, 'unhandled error');
    return new Problem({ status: 500, slug: 'internal', title: 'Internal server error', detail: `Request id ${c.get('requestId')}.` }).toResponse(c.req.path);
  });
  return app;
}
