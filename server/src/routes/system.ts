import { createHash, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { HealthSchema } from '@siso/training-core';
import { Hono } from 'hono';
import { unauthorized, unavailable } from '../errors/problem.ts';
import { openApiDocument } from '../openapi/document.ts';
import { route, type Route } from '../http/route.ts';
import type { Services } from '../services.ts';

const swaggerDist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

// The reference page loads Swagger UI from this server and starts it from an external script,
// so it runs under the strict Content-Security-Policy (no inline script).
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SISO Training API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, tryItOutEnabled: false });\n`;

/** Whether a scrape may read /metrics: anyone without a token configured, else its bearer only. */
function metricsAllowed(header: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  // Digests are compared, so the comparison takes as long whatever the length of what was sent.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

const health = { name: 'Health', schema: HealthSchema };

/** Health, readiness, metrics and the OpenAPI document of `routes` (this list's own included). */
export function systemRoutes(services: Services, routes: () => readonly Route[]): Route[] {
  let document: string | undefined;
  return [
    route({
      method: 'get',
      path: '/healthz',
      summary: 'The process answers',
      tag: 'system',
      security: 'none',
      responses: { 200: { description: 'Alive', schema: health } },
      handle: (c) => c.json({ status: 'ok' }),
    }),
    route({
      method: 'get',
      path: '/readyz',
      summary: 'The process and its database answer',
      tag: 'system',
      security: 'none',
      responses: { 200: { description: 'Ready', schema: health } },
      handle: async (c) => {
        try {
          await services.database.ping();
        } catch (error) {
          throw unavailable('The database cannot be reached.', error);
        }
        return c.json({ status: 'ready', database: services.database.kind });
      },
    }),
    route({
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (with METRICS_TOKEN set, as a bearer token)',
      tag: 'system',
      security: 'none',
      responses: { 200: { description: 'Text exposition format', contentType: 'text/plain' } },
      handle: (c) => {
        if (!metricsAllowed(c.req.header('authorization'), services.config.metricsToken)) {
          throw unauthorized('/metrics needs "Authorization: Bearer <METRICS_TOKEN>".');
        }
        return c.text(services.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      },
    }),
    route({
      method: 'get',
      path: '/openapi.json',
      summary: 'This document',
      tag: 'system',
      security: 'none',
      responses: { 200: { description: 'OpenAPI 3.1' } },
      handle: (c) => {
        document ??= JSON.stringify(openApiDocument({ operations: routes(), serverUrl: services.publicUrl(), version: '1' }));
        return c.body(document, 200, { 'content-type': 'application/json' });
      },
    }),
    route({
      method: 'get',
      path: '/docs',
      summary: 'Interactive API reference',
      tag: 'system',
      security: 'none',
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
      handle: (c) => c.html(DOCS_PAGE),
    }),
  ];
}

/** The reference page's script and Swagger UI's files: assets, not operations. */
export function docsAssets(): Hono {
  return new Hono()
    .get('/docs/init.js', (c) => c.body(DOCS_INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
    .use('/docs/assets/*', serveStatic({ root: swaggerDist, rewriteRequestPath: (p) => p.replace(/^\/docs\/assets/, '') }));
}
