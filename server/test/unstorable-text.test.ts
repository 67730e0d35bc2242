// Valid JSON that PostgreSQL cannot store (U+0000, an unpaired surrogate) and ids that cannot be
// ids: each is a 4xx naming where it is, never a 500, and nothing already stored changes.
import { DEFAULT_CATALOG, DEFAULT_POLICY, IngestResponseSchema } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExact } from '../../test-support/exact.ts';
import { http } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
const keys = { portal: '', training: '', admin: '' };
beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  for (const role of ['portal', 'training', 'admin'] as const) keys[role] = await server.keyFor(role);
});
afterAll(() => server?.close());

const UNSTORABLE = [
  ['U+0000', 'a\u0000b', /U\+0000/],
  ['an unpaired surrogate', 'a\ud800b', /unpaired surrogate/],
] as const;

const module = DEFAULT_CATALOG.modules[11]!;
const certification = DEFAULT_CATALOG.certifications[0]!;
const { version: _version, ...policy } = DEFAULT_POLICY;
const at = '2026-05-01T10:00:00.000Z';

// Each route's body with one string replaced, and the pointer the answer must name.
const routes = [
  {
    method: 'PUT',
    path: '/v1/partners/unstorable',
    who: 'portal',
    body: (s: string) => ({ name: s, performanceScore: 50 }),
    pointer: '/name',
  },
  { method: 'PUT', path: `/v1/modules/${module.id}`, who: 'admin', body: (s: string) => ({ ...module, summary: s }), pointer: '/summary' },
  {
    method: 'PUT',
    path: `/v1/certifications/${certification.id}`,
    who: 'admin',
    body: (s: string) => ({ ...certification, name: s }),
    pointer: '/name',
  },
  {
    method: 'PUT',
    path: '/v1/policy',
    who: 'admin',
    body: (s: string) => ({ ...policy, tiers: policy.tiers.map((t, i) => (i === 1 ? { ...t, name: s } : t)) }),
    pointer: '/tiers/1/name',
  },
  {
    method: 'POST',
    path: '/v1/widget-tokens',
    who: 'portal',
    body: (s: string) => ({ partnerId: 'contoso', [s]: 1 }),
    pointer: '/a\u0000b',
  },
] as const;

describe('text PostgreSQL cannot store', () => {
  for (const [what, text, detail] of UNSTORABLE) {
    it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(`${what} in %s: 400 naming the field`, async (_name, route) => {
      const res = await request(route.method, route.path, { token: keys[route.who], body: route.body(text) });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const pointer = route.pointer.replace('a\u0000b', text);
      expect(res.body.errors).toEqual([{ pointer, code: 'invalid_characters', detail: expect.stringMatching(detail) }]);
    });
  }

  it('changes nothing stored, and the same write without it goes through', async () => {
    const before = await request('GET', '/v1/policy', { token: keys.admin });
    await request('PUT', '/v1/policy', { token: keys.admin, body: routes[3].body('a\u0000b') });
    expect((await request('GET', '/v1/policy', { token: keys.admin })).body).toEqual(before.body);
    expect((await request('GET', '/v1/partners/unstorable', { token: keys.portal })).status).toBe(404);
    expect((await request('PUT', '/v1/partners/unstorable', { token: keys.portal, body: routes[0].body('Unstorable Ltd') })).status).toBe(
      201,
    );
  });

  it('refuses one ingested event for it and applies the rest of the batch', async () => {
    const good = { id: 'unstorable-good', type: 'module.started', partnerId: 'contoso', moduleId: 'integration-patterns', occurredAt: at };
    const bad = {
      id: 'unstorable-bad\u0000',
      type: 'certification.revoked',
      partnerId: 'contoso',
      certificationId: certification.id,
      occurredAt: at,
    };
    const raw = JSON.stringify({ events: [bad, { ...good }, { ...bad, id: 'unstorable-reason', reason: 'a\ud800' }] });
    const res = await request('POST', '/v1/ingest/events', { token: keys.training, raw, headers: { 'siso-signature': server.sign(raw) } });
    expect(res.status).toBe(200);
    const { results } = parseExact(IngestResponseSchema, res.body);
    expect(results.map((r) => [r.status, r.reason?.code])).toEqual([
      ['rejected', 'invalid'],
      ['applied', undefined],
      ['rejected', 'invalid'],
    ]);
    expect(results[0]!.reason!.detail).toBe('/events/0/id: Contains U+0000 (NUL), which cannot be stored.');
    expect(results[2]!.reason!.detail).toBe('/events/2/reason: Contains an unpaired surrogate, which cannot be stored.');
  });

  it('refuses one xAPI statement for it and applies the others', async () => {
    const statement = (id: string, name: string) => ({
      id,
      actor: { account: { homePage: 'https://portal.example.com', name } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/progressed' },
      object: { id: 'https://siso.training/xapi/modules/integration-patterns' },
      result: { duration: 'PT5M' },
    });
    const body = [
      statement('0b5c3f2e-8f44-4a43-9f43-6a7a2f1e0c01', 'contoso'),
      statement('0b5c3f2e-8f44-4a43-9f43-6a7a2f1e0c02', 'con\u0000toso'),
    ];
    const res = await request('POST', '/v1/xapi/statements', { token: keys.training, body });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected']);
    expect(res.body.results[1].reason.detail).toBe('/1/actor/account/name: Contains U+0000 (NUL), which cannot be stored.');
  });
});

describe('ids that cannot be ids', () => {
  it('answers 404 for a certificate id that is no UUID, wherever it is asked for', async () => {
    const widget = await server.tokenFor('fabrikam');
    for (const id of ['%00', '%ED%A0%80', 'no-such-certificate', '0B5C3F2E-8F44-4A43-9F43-6A7A2F1E0C01']) {
      expect((await request('GET', `/v1/certificates/${id}/verify`)).status, id).toBe(404);
      expect((await request('POST', `/v1/certificates/${id}/revoke`, { token: keys.admin, body: { reason: 'test' } })).status, id).toBe(
        404,
      );
      expect((await request('GET', `/v1/me/certificates/${id}`, { token: widget })).status, id).toBe(404);
      expect((await fetch(`${server.url}/certificates/${id}`)).status, id).toBe(404);
    }
  });

  it('answers 400 for a partner page cursor that is no partner id', async () => {
    const res = await request('GET', '/v1/partners?after=%00', { token: keys.portal });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/after');
  });
});
