// PostgreSQL going away and coming back, through a TCP proxy this test controls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './support/http.ts';
import { DatabaseProxy } from './support/tcp-proxy.ts';
import { startTestServer, testDatabaseKind, type TestServer } from './support/test-server.ts';

describe.skipIf(testDatabaseKind() !== 'postgres')('database outage', () => {
  const proxy = new DatabaseProxy();
  let server: TestServer;
  let request: ReturnType<typeof http>;
  beforeAll(async () => {
    await proxy.start();
    server = await startTestServer({ DATABASE_URL: proxy.url });
    request = http(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await proxy.stop().catch(() => {});
  });

  it('answers 503 while PostgreSQL is unreachable and recovers by itself', async () => {
    const token = await server.tokenFor('northwind');
    expect((await request('GET', '/v1/me/training', { token })).status).toBe(200);
    await proxy.stop();
    const ready = await request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('content-type')).toBe('application/problem+json');
    const training = await request('GET', '/v1/me/training', { token });
    expect(training.status).toBe(503);
    expect(training.headers.get('retry-after')).toBe('5');
    const completion = await request('POST', '/v1/me/modules/negotiation-skills/complete', { token });
    expect(completion.status).toBe(503);
    await proxy.start();
    // The pool reconnects on its own; readiness says when.
    await expect.poll(async () => (await request('GET', '/readyz')).status, { interval: 200 }).toBe(200);
    expect((await request('GET', '/v1/me/training', { token })).status).toBe(200);
    expect((await request('POST', '/v1/me/modules/negotiation-skills/complete', { token })).status).toBe(200);
  });
});
