import { TrainingSnapshotSchema } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { parseExact } from '../../test-support/exact.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

describe('GET /v1/me/training', () => {
  it('answers the snapshot of the partner named by the token', async () => {
    const res = await get('/v1/me/training', { authorization: `Bearer ${await server.tokenFor('northwind')}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const snapshot = parseExact(TrainingSnapshotSchema, await res.json());
    expect(snapshot.partner).toMatchObject({ id: 'northwind', name: 'Northwind Systems', tier: 'bronze' });
    expect(snapshot.summary).toMatchObject({ modulesCompleted: 2, modulesTotal: 15 });
    expect(snapshot.modules).toHaveLength(15);
    expect(snapshot.modules.find((m) => m.id === 'solution-selling')?.progress).toMatchObject({ status: 'in_progress', percent: 40 });
    expect(snapshot.modules.find((m) => m.id === 'data-migration')?.progress.status).toBe('not_started');
  });

  it('gives each partner only their own training', async () => {
    const res = await get('/v1/me/training', { authorization: `Bearer ${await server.tokenFor('fabrikam')}` });
    const snapshot = parseExact(TrainingSnapshotSchema, await res.json());
    expect(snapshot.partner.id).toBe('fabrikam');
    expect(snapshot.summary.modulesCompleted).toBe(0);
  });

  it.each([
    ['no Authorization header', {}],
    ['a non-Bearer scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a malformed token', { authorization: 'Bearer not-a-jwt' }],
  ])('refuses %s with 401 problem+json and no stack trace', async (_label, headers) => {
    const res = await get('/v1/me/training', headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await res.json();
    expect(body).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect(typeof body.detail).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses an expired token', async () => {
    const res = await get('/v1/me/training', { authorization: `Bearer ${await server.tokenFor('northwind', -60)}` });
    expect(res.status).toBe(401);
    expect((await res.json()).detail).toMatch(/expired/);
  });

  it('refuses a token signed with another key', async () => {
    const other = await startTestServer({ WIDGET_TOKEN_SECRETS: 'another-secret-another-secret-another-secret' });
    try {
      const res = await get('/v1/me/training', { authorization: `Bearer ${await other.tokenFor('northwind')}` });
      expect(res.status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers 404 for a valid token naming a partner that does not exist', async () => {
    const res = await get('/v1/me/training', { authorization: `Bearer ${await server.tokenFor('nobody')}` });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('health and unknown routes', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect((await ready.json()).status).toBe('ready');
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await get('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ status: 404, instance: '/v1/nothing-here' });
  });
});
