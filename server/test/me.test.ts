import { CompleteResponseSchema, LaunchResponseSchema, SimulationSchema } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { parseExact } from '../../test-support/exact.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
let fabrikam: string;
beforeAll(async () => {
  server = await startTestServer({ LMS_LAUNCH_URL: 'https://lms.example.com/launch?module={moduleId}&partner={partnerId}' });
  request = http(server.url);
  fabrikam = await server.tokenFor('fabrikam');
});
afterAll(() => server?.close());

describe('POST /v1/me/modules/{id}/launch', () => {
  it('records the start and answers the launch link (lms) or the material (self)', async () => {
    const lms = await request('POST', '/v1/me/modules/product-fundamentals/launch', { token: fabrikam });
    expect(lms.status).toBe(200);
    expect(parseExact(LaunchResponseSchema, lms.body)).toMatchObject({
      moduleId: 'product-fundamentals',
      url: 'https://lms.example.com/launch?module=product-fundamentals&partner=fabrikam',
      progress: { status: 'in_progress' },
    });
    const self = await request('POST', '/v1/me/modules/negotiation-skills/launch', { token: fabrikam });
    expect(self.body.url).toMatch(/^https:\/\//);
    expect(self.body.url).not.toContain('lms.example.com');
    const snapshot = (await request('GET', '/v1/me/training', { token: fabrikam })).body;
    expect(snapshot.modules.find((m: { id: string }) => m.id === 'product-fundamentals').progress.status).toBe('in_progress');
    // Opening a module is progress, not a milestone: the history does not list it.
    expect(snapshot.history.map((h: { type: string }) => h.type)).not.toContain('progress.updated');
  });

  it('refuses a locked module (409), an unknown one (404) and a malformed id (400)', async () => {
    const locked = await request('POST', '/v1/me/modules/solution-selling/launch', { token: fabrikam });
    expect(locked.status).toBe(409);
    expect(locked.body.detail).toMatch(/locked/);
    expect((await request('POST', '/v1/me/modules/no-such-module/launch', { token: fabrikam })).status).toBe(404);
    expect((await request('POST', '/v1/me/modules/Bad%20Id/launch', { token: fabrikam })).status).toBe(400);
  });
});

describe('POST /v1/me/modules/{id}/complete', () => {
  it('completes a self module and answers the new evaluation; a second call changes nothing', async () => {
    const res = await request('POST', '/v1/me/modules/partner-program-essentials/complete', { token: fabrikam });
    expect(res.status).toBe(200);
    const body = parseExact(CompleteResponseSchema, res.body);
    expect(body.progress.status).toBe('completed');
    expect(body.summary.modulesCompleted).toBe(1);
    const cursor = (await request('GET', '/v1/me/training', { token: fabrikam })).body.cursor;
    const again = await request('POST', '/v1/me/modules/partner-program-essentials/complete', { token: fabrikam });
    expect(again.status).toBe(200);
    expect((await request('GET', '/v1/me/training', { token: fabrikam })).body.cursor).toBe(cursor);
  });

  it('refuses modules the training system completes', async () => {
    const res = await request('POST', '/v1/me/modules/product-fundamentals/complete', { token: fabrikam });
    expect(res.status).toBe(409);
  });
});

describe('GET /v1/me/simulate', () => {
  it('answers the what-if', async () => {
    const token = await server.tokenFor('northwind');
    const res = await request(
      'GET',
      '/v1/me/simulate?complete=solution-selling,pricing-and-licensing,customer-onboarding&earn=solution-architect',
      { token },
    );
    expect(res.status).toBe(200);
    const simulation = parseExact(SimulationSchema, res.body);
    expect(simulation.delta.certificationsEarned).toContain('solution-architect');
    expect(simulation.after.commission.rate).toBeGreaterThan(simulation.before.commission.rate);
  });

  it('refuses unknown ids and parameters, naming each', async () => {
    const res = await request('GET', '/v1/me/simulate?complete=solution-selling,nothing&earn=nope', { token: fabrikam });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/complete/1', '/earn/0']);
    expect((await request('GET', '/v1/me/simulate?complete=BAD!', { token: fabrikam })).status).toBe(400);
    expect((await request('GET', '/v1/me/simulate?what=1', { token: fabrikam })).status).toBe(400);
  });
});

describe('GET /v1/me/certificates/{id}', () => {
  it('answers 404 for a certificate the partner does not hold', async () => {
    expect((await request('GET', '/v1/me/certificates/00000000-0000-0000-0000-000000000000', { token: fabrikam })).status).toBe(404);
  });
});
