import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './support/http.ts';
import { metric } from './support/metric.ts';
import { ManualClock, startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
beforeAll(async () => {
  // Low limits so that the rate limit and the body limit are reachable in a few requests; a clock
  // that stands still, so that no bucket refills while a test runs, however slow the machine.
  server = await startTestServer(
    {
      RATE_LIMIT_PER_SECOND: '0.5',
      RATE_LIMIT_BURST: '3',
      SERVICE_RATE_LIMIT_PER_SECOND: '0.5',
      SERVICE_RATE_LIMIT_BURST: '5',
      BODY_LIMIT_BYTES: '2048',
      CORS_ORIGINS: 'https://portal.example.com',
      KEEP_ALIVE_TIMEOUT_SECONDS: '1',
    },
    { clock: new ManualClock() },
  );
  request = http(server.url);
});
afterAll(() => server?.close());

describe('system routes', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await request('GET', '/readyz')).body).toMatchObject({ status: 'ready' });
    await request('GET', '/v1/nothing');
    const metrics = await request('GET', '/metrics');
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/siso_http_requests_total\{method="GET",route="\/readyz",status="200"\} 1/);
    expect(metrics.body).toMatch(/siso_http_request_duration_seconds_bucket/);
  });

  it('reports the process in /metrics: CPU time, and how late a blocked event loop ran', async () => {
    await metric(server.url, 'nodejs_eventloop_delay_max_seconds'); // a window starts at each scrape
    const cpu = await metric(server.url, 'process_cpu_seconds_total');
    // This test shares the server's process: keep its loop busy for 300 ms of this thread's own CPU
    // time, which a busy machine stretches in wall time but never shortens. The monitor measures
    // from tick to tick, and a scrape starts it afresh: the block comes after a timer due later
    // than its next 10 ms tick, so that a tick stands before it. (Timers run in the order they
    // are due, however slow the machine.)
    const BLOCK_S = 0.3;
    await new Promise<void>((resolve) =>
      setTimeout(() => {
        const until = process.threadCpuUsage().user + BLOCK_S * 1e6;
        while (process.threadCpuUsage().user < until);
        resolve();
      }, 30),
    );
    // The monitor's tick, overdue since the block, runs before the loop reaches this request.
    expect(await metric(server.url, 'nodejs_eventloop_delay_max_seconds')).toBeGreaterThanOrEqual(BLOCK_S - 0.01);
    expect(await metric(server.url, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(cpu + BLOCK_S);
    // The window closed with that scrape: the next one no longer carries the block.
    expect(await metric(server.url, 'nodejs_eventloop_delay_max_seconds')).toBeLessThan(BLOCK_S - 0.01);
  });

  it('serves an OpenAPI 3.1 document naming every route with its schemas', async () => {
    const doc = (await request('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/me/training',
      '/v1/me/events',
      '/v1/me/modules/{id}/launch',
      '/v1/me/modules/{id}/complete',
      '/v1/me/simulate',
      '/v1/me/certificates/{id}',
      '/v1/widget-tokens',
      '/v1/ingest/events',
      '/v1/xapi/statements',
      '/v1/partners',
      '/v1/partners/{id}',
      '/v1/partners/{id}/training',
      '/v1/partners/{id}/evaluate',
      '/v1/evaluations',
      '/v1/catalog',
      '/v1/modules/{id}',
      '/v1/certifications/{id}',
      '/v1/policy',
      '/v1/policy/versions',
      '/v1/policy/versions/{version}',
      '/healthz',
      '/readyz',
      '/metrics',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.schemas.IngestBatch.properties.events.maxItems).toBe(1000);
    // Refusals particular to an operation are documented with it.
    for (const [path, method, status] of [
      ['/v1/me/modules/{id}/launch', 'post', '409'],
      ['/v1/me/modules/{id}/complete', 'post', '409'],
      ['/v1/modules/{id}', 'put', '422'],
      ['/v1/modules/{id}', 'delete', '422'],
      ['/v1/certifications/{id}', 'put', '422'],
      ['/v1/policy', 'put', '422'],
    ] as const) {
      expect(doc.paths[path][method].responses[status].content['application/problem+json'], `${method} ${path} ${status}`).toBeDefined();
    }
    expect(doc.paths['/v1/catalog'].get.responses).not.toHaveProperty('422');
    expect(doc.components.schemas.PartnerUpsert.additionalProperties).toBe(false);
    // Requests refuse unknown fields; answers may gain fields within a major version.
    expect(doc.components.schemas.ModuleInput.additionalProperties).toBe(false);
    expect(doc.components.schemas.ModuleInput.properties.material.additionalProperties).toBe(false);
    const snapshot = doc.components.schemas.TrainingSnapshot;
    expect(snapshot.additionalProperties).not.toBe(false);
    expect(JSON.stringify(snapshot)).not.toContain('"additionalProperties":false');
    expect(
      doc.components.schemas.SnapshotCertificate?.properties.issuedAt ?? snapshot.properties.certificates.items.properties.issuedAt,
    ).toMatchObject({ type: 'string', format: 'date-time' });
    expect(doc.paths['/v1/ingest/events'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/IngestBatch',
    );
  });

  it('serves the reference page and its assets from this server, under the strict CSP', async () => {
    const page = await request('GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.body).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.body).toContain('/docs/init.js');
    expect((await request('GET', '/docs/init.js')).body).toContain("url: '/openapi.json'");
    const bundle = await fetch(`${server.url}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();
    expect((await fetch(`${server.url}/docs/assets/swagger-ui.css`)).headers.get('content-type')).toMatch(/css/);
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ METRICS_TOKEN: 'scrape-token-0123456789' });
  });
  afterAll(() => guarded?.close());

  it('asks for METRICS_TOKEN as a bearer token when one is set', async () => {
    const scrape = (authorization?: string) => fetch(`${guarded.url}/metrics`, { headers: authorization ? { authorization } : {} });
    for (const refused of [undefined, 'Bearer wrong-token-0123456789', 'Bearer scrape-token-012345678', 'scrape-token-0123456789']) {
      const res = await scrape(refused);
      expect(res.status, String(refused)).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.text()).not.toContain('siso_');
    }
    const res = await scrape('Bearer scrape-token-0123456789');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('siso_http_requests_total');
    // The other system routes stay open: a load balancer's health checks carry no token.
    expect((await fetch(`${guarded.url}/readyz`)).status).toBe(200);
  });
});

describe('request hygiene', () => {
  it('closes an idle keep-alive connection after KEEP_ALIVE_TIMEOUT_SECONDS', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    const sent = performance.now();
    socket.write('GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n');
    const head = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
    // The timeout it announces to clients is the configured one (the default would be 66 s)…
    expect(head).toMatch(/\r\nkeep-alive: timeout=1\r\n/i);
    expect(head).not.toMatch(/\r\nconnection: close\r\n/i);
    // …and it closes the idle connection itself, no sooner: its timer started after the request
    // was sent. (With the 66 s default the close would not come within the test's timeout.)
    await new Promise((resolve) => socket.once('close', resolve));
    expect(performance.now() - sent).toBeGreaterThanOrEqual(1_000);
  });

  it('allows listed origins only, without credentials', async () => {
    const allowed = await fetch(`${server.url}/v1/me/training`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://portal.example.com',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const denied = await fetch(`${server.url}/v1/me/training`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends secure headers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
  });

  it('refuses bodies over the limit with 413, other media types with 415 and bad JSON with 400', async () => {
    const admin = await server.keyFor('admin');
    const big = await request('PUT', '/v1/partners/big', {
      token: admin,
      raw: JSON.stringify({ name: 'x'.repeat(4000), performanceScore: 1 }),
    });
    expect(big.status).toBe(413);
    expect(big.headers.get('content-type')).toBe('application/problem+json');
    const other = await request('PUT', '/v1/partners/big', {
      token: await server.keyFor('admin'),
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(other.status).toBe(415);
    const broken = await request('PUT', '/v1/partners/big', { token: await server.keyFor('admin'), raw: '{"name":' });
    expect(broken.status).toBe(400);
    expect(broken.body.title).toBe('Malformed JSON');
  });

  it('limits each credential with 429 and Retry-After, others unaffected', async () => {
    const token = await server.tokenFor('northwind');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await request('GET', '/v1/me/training', { token })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    const limited = await request('GET', '/v1/me/training', { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toBe('application/problem+json');
    expect((await request('GET', '/v1/me/training', { token: await server.tokenFor('contoso') })).status).toBe(200);
    // Another session of the same partner (a colleague's browser) has a bucket of its own. (Its
    // other lifetime keeps it from being the very same token, minted within the same second.)
    const colleague = await server.tokenFor('northwind', 599);
    expect((await request('GET', '/v1/me/training', { token: colleague })).status).toBe(200);
  });

  it("gives a service key the service limits, which carry a whole system's traffic", async () => {
    const key = await server.keyFor('portal');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await request('GET', '/v1/catalog', { token: key })).status);
    // Past the widget burst of 3: the key's own burst is 5.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await request('GET', '/v1/catalog', { token: await server.keyFor('portal') })).status).toBe(200);
  });
});
