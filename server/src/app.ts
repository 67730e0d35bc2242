import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { ServiceKeyLookup } from './auth/service-key-lookup.ts';
import { WidgetTokenKeys } from './auth/widget-token.ts';
import type { CertificateIssuer } from './certificates/issuer.ts';
import { certificateRoutes } from './routes/certificates.ts';
import type { Config } from './config.ts';
import type { Database, PoolState } from './db/database.ts';
import type { EventBus } from './events/bus.ts';
import type { Subscribers } from './events/subscribers.ts';
import { isDatabaseUnavailable } from './errors/database.ts';
import { isProblem, notFound, Problem, unavailable } from './errors/problem.ts';
import { Metrics } from './metrics.ts';
import { bodyLimit } from './middleware/body-limit.ts';
import { requestMetrics } from './middleware/metrics.ts';
import { authFailureLimit } from './middleware/auth-failure-limit.ts';
import { rateLimit } from './middleware/rate-limit.ts';
import { requestLog } from './middleware/request-log.ts';
import { serviceAuth } from './middleware/service-auth.ts';
import { widgetAuth } from './middleware/widget-auth.ts';
import { mountRoutes, type Route } from './http/route.ts';
import { SERVICE_ROLES, type Security } from './openapi/operation.ts';
import type { DemoRuntime } from './demo/runtime.ts';
import { demoRoutes } from './routes/demo.ts';
import { elementAssets } from './routes/element-assets.ts';
import { eventRoutes } from './routes/events.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { meRoutes } from './routes/me.ts';
import { partnerRoutes } from './routes/partners.ts';
import { policyPreviewRoutes } from './routes/policy-preview.ts';
import { programRoutes } from './routes/program.ts';
import { docsAssets, systemRoutes } from './routes/system.ts';
import { widgetTokenRoutes } from './routes/widget-tokens.ts';
import { xapiRoutes } from './routes/xapi.ts';
import type { Services } from './services.ts';
import type { ProgramChangeRunner } from './training/program-change-runner.ts';
import { SnapshotCache } from './training/snapshot-cache.ts';
import { systemClock, type Clock } from './time/clock.ts';
import './context.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const ELEMENTS_MAJOR = (JSON.parse(readFileSync(`${repoRoot}packages/elements/package.json`, 'utf8')) as { version: string }).version.split(
  '.',
)[0];

export interface AppOptions {
  config: Config;
  database: Database;
  logger: Logger;
  /** Where clients reach this server; known only once it listens. */
  publicUrl: () => string;
  /** Live fan-out: committed events go in, SSE subscribers listen. */
  bus: EventBus;
  /** The open event streams of this node. */
  subscribers: Subscribers;
  /** Signs certificates as they are issued; its keys are published at /.well-known/jwks.json. */
  certificates: CertificateIssuer;
  /** Counters for /metrics; a fresh set by default. */
  metrics?: Metrics;
  /** Demo mode: the demo portal backend and training system behind `/demo/*`. */
  demo?: DemoRuntime | undefined;
  /** What time it is; default the machine's clock. */
  clock?: Clock;
  /** Applies stored program changes to every partner, in batches. */
  programChanges: ProgramChangeRunner;
}

export interface App extends Hono {
  /** What the routes share (database, bus, caches), for routes mounted by the caller. */
  readonly services: Services;
}

/**
 * The whole HTTP surface as one Hono app; `startServer` puts it on a port.
 *
 * @example
 * const app = createApp({ config, database, logger, bus, publicUrl: () => 'https://training.example.com' });
 * const res = await app.request('/healthz');
 */
export function createApp({
  config,
  database,
  logger,
  publicUrl,
  bus,
  subscribers,
  certificates,
  metrics = new Metrics(),
  demo,
  clock = systemClock,
  programChanges,
}: AppOptions): App {
  const keys = new WidgetTokenKeys(config.widgetTokenSecrets);
  const db = database.db;
  const services: Services = {
    config,
    database,
    db,
    bus,
    keys,
    metrics,
    publicUrl,
    certificates,
    logger,
    clock,
    snapshots: new SnapshotCache({ db, clock }),
    programChanges,
  };
  const app = new Hono();
  liveMetrics(metrics, bus, subscribers);
  if (database.pool) poolMetrics(metrics, database.pool);

  app.use(requestId(), requestLog({ logger }), requestMetrics({ metrics }));
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

  const small = bodyLimit({ maxBytes: config.bodyLimitBytes });
  const large = bodyLimit({ maxBytes: config.ingestBodyLimitBytes });
  const serviceLimiter = rateLimit({ ...config.serviceRateLimit, clock });
  const failures = authFailureLimit({ ...config.authFailureLimit, clock });
  const widget = [failures, widgetAuth({ keys, clock }), rateLimit({ ...config.rateLimit, clock })];
  const serviceKeys = new ServiceKeyLookup({ db, clock });
  metrics.counter(
    'siso_service_key_queries_total',
    'Service keys looked up in the database (a repeated unknown key is answered from memory).',
    () => serviceKeys.queries,
  );
  const credential = (security: Security): MiddlewareHandler[] => {
    if (security === 'none') return [];
    if (security === 'widget') return widget;
    return [failures, serviceAuth({ keys: serviceKeys, roles: SERVICE_ROLES[security] }), serviceLimiter];
  };
  // Each route's guard follows from its definition: how large its body may be, who may call it.
  const guard = (r: Route): MiddlewareHandler[] => [r.largeBody ? large : small, ...credential(r.security)];

  const certificatePages = certificateRoutes(services);
  const routes: Route[] = [
    ...systemRoutes(services, () => routes),
    ...meRoutes(services),
    ...eventRoutes(services, { subscribers }),
    ...widgetTokenRoutes(services),
    ...ingestRoutes(services),
    ...xapiRoutes(services),
    ...partnerRoutes(services),
    ...programRoutes(services),
    ...policyPreviewRoutes(services),
    ...certificatePages.api,
  ];
  mountRoutes(app, routes, guard);
  app.route('/', docsAssets());
  app.route('/', certificatePages.pages);
  app.use('/static/*', serveStatic({ root: `${repoRoot}server/public`, rewriteRequestPath: (p) => p.replace(/^\/static/, '') }));

  if (config.demo) app.route('/demo', demoRoutes({ db, keys, clock, runtime: demo }));

  // The script-tag build is served under its major version (/assets/v0/siso-training.js), so a
  // page pinned to one major never receives a breaking release.
  const elementsDist = `${repoRoot}packages/elements/dist`;
  const elementsPath = `/assets/v${ELEMENTS_MAJOR}`;
  if (existsSync(elementsDist)) {
    app.route(elementsPath, elementAssets({ root: elementsDist, prefix: elementsPath }));
  } else {
    app.get(`${elementsPath}/*`, () => {
      throw notFound('The element bundle is not built yet: run "npm run build".');
    });
  }
  // Static files only: the event stream must never be compressed (it would be buffered).
  app.use('/examples/*', compress());
  app.use('/examples/*', serveStatic({ root: `${repoRoot}examples`, rewriteRequestPath: (p) => p.replace(/^\/examples/, '') }));
  app.get('/', serveStatic({ root: `${repoRoot}examples/partner-portal`, path: 'index.html' }));

  app.notFound((c) => notFound(`No route for ${c.req.method} ${c.req.path}.`).toResponse(c.req.path));
  app.onError((error, c) => {
    if (isProblem(error)) return error.toResponse(c.req.path);
    if (error instanceof HTTPException) {
      return new Problem({ status: error.status, slug: 'http', title: error.message || 'Request refused' }).toResponse(c.req.path);
    }
    if (isDatabaseUnavailable(error)) {
      (c.var.log ?? logger).warn({ err: error }, 'database unavailable');
      return unavailable('The database cannot be reached; retry shortly.').toResponse(c.req.path);
    }
    (c.var.log ?? logger).error({ err: error }, 'unhandled error');
    return new Problem({
      status: 500,
      slug: 'internal',
      title: 'Internal server error',
      detail: `Request id ${c.get('requestId')}.`,
    }).toResponse(c.req.path);
  });
  return Object.assign(app, { services: services });
}

/** PostgreSQL's connection pool on this node: waiting queries mean DATABASE_POOL_SIZE is too small. */
function poolMetrics(metrics: Metrics, pool: PoolState): void {
  metrics.gauge(
    'siso_db_pool_connections',
    'PostgreSQL connections open in this node’s pool (DATABASE_POOL_SIZE at most).',
    () => pool.total,
  );
  metrics.gauge('siso_db_pool_idle_connections', 'Open pool connections not running a query.', () => pool.idle);
  metrics.gauge('siso_db_pool_waiting_queries', 'Queries waiting for a pool connection.', () => pool.waiting);
}

/** What an operator watches of live updates on this node. */
function liveMetrics(metrics: Metrics, bus: EventBus, subscribers: Subscribers): void {
  metrics.gauge('siso_event_streams', 'Event streams open on this node.', () => subscribers.size);
  metrics.counter(
    'siso_event_streams_opened_total',
    'Event streams opened on this node (each token refresh reconnects).',
    () => subscribers.opened,
  );
  metrics.counter(
    'siso_event_streams_dropped_total',
    'Event streams cut off because the client fell behind; it resumes from the log.',
    () => subscribers.dropped,
  );
  metrics.gauge(
    'siso_event_bus_listening',
    'Whether events committed through other nodes reach this one (the PostgreSQL LISTEN connection is up).',
    () => (bus.listening ? 1 : 0),
  );
  metrics.counter(
    'siso_event_bus_reconnects_total',
    'Times the LISTEN connection was lost and reopened (each followed by a catch-up from the log).',
    () => bus.reconnects,
  );
}
