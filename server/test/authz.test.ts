// Every route × every wrong credential: nothing but 401/403/404 problem+json, and no data.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeServiceKey, createServiceKey, type ServiceRole } from '../src/auth/service-keys.ts';
import { WidgetTokenKeys } from '../src/auth/widget-token.ts';
import { http } from './support/http.ts';
import { startTestServer, TEST_SECRET, type TestServer } from './support/test-server.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
const keys: Record<ServiceRole, string> = { portal: '', training: '', admin: '' };
let revoked = '';
let northwindCertificate = '';
beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  for (const role of ['portal', 'training', 'admin'] as const) keys[role] = await server.keyFor(role);
  const gone = await createServiceKey(server.database.db, { role: 'admin' });
  await revokeServiceKey(server.database.db, gone.id);
  revoked = gone.key;
  const raw = JSON.stringify({ events: [{ id: 'cert-1', type: 'certification.earned', partnerId: 'northwind', certificationId: 'solution-architect', occurredAt: new Date().toISOString() }] });
  await request('POST', '/v1/ingest/events', { token: keys.training, raw, headers: { 'siso-signature': server.sign(raw) } });
  const snapshot = await request('GET', '/v1/me/training', { token: await server.tokenFor('northwind') });
  northwindCertificate = snapshot.body.certificates[0].id;
});
afterAll(() => server?.close());

type Who = 'widget' | ServiceRole;
interface Route {
  method: string;
  path: () => string;
  who: Who[];
  body?: unknown;
}

const routes: Route[] = [
  { method: 'GET', path: () => '/v1/me/training', who: ['widget'] },
  { method: 'GET', path: () => '/v1/me/events', who: ['widget'] },
  { method: 'POST', path: () => '/v1/me/modules/negotiation-skills/launch', who: ['widget'] },
  { method: 'POST', path: () => '/v1/me/modules/negotiation-skills/complete', who: ['widget'] },
  { method: 'GET', path: () => '/v1/me/simulate?complete=solution-selling', who: ['widget'] },
  { method: 'GET', path: () => `/v1/me/certificates/${northwindCertificate}`, who: ['widget'] },
  { method: 'POST', path: () => '/v1/widget-tokens', who: ['portal'], body: { partnerId: 'northwind' } },
  { method: 'POST', path: () => '/v1/ingest/events', who: ['training'], body: { events: [] } },
  { method: 'POST', path: () => '/v1/xapi/statements', who: ['training'], body: [] },
  { method: 'GET', path: () => '/v1/partners', who: ['portal', 'admin'] },
  { method: 'PUT', path: () => '/v1/partners/northwind', who: ['portal', 'admin'], body: { name: 'Hijacked', performanceScore: 1 } },
  { method: 'GET', path: () => '/v1/partners/northwind', who: ['portal', 'admin'] },
  { method: 'GET', path: () => '/v1/partners/northwind/training', who: ['portal', 'admin'] },
  { method: 'POST', path: () => '/v1/partners/northwind/evaluate', who: ['portal', 'admin'] },
  { method: 'POST', path: () => '/v1/evaluations', who: ['admin'] },
  { method: 'GET', path: () => '/v1/catalog', who: ['portal', 'admin'] },
  { method: 'PUT', path: () => '/v1/modules/negotiation-skills', who: ['admin'], body: {} },
  { method: 'PUT', path: () => '/v1/certifications/solution-architect', who: ['admin'], body: {} },
  { method: 'GET', path: () => '/v1/policy', who: ['portal', 'admin'] },
  { method: 'PUT', path: () => '/v1/policy', who: ['admin'], body: {} },
  { method: 'GET', path: () => '/v1/policy/versions', who: ['portal', 'admin'] },
  { method: 'GET', path: () => '/v1/policy/versions/1', who: ['portal', 'admin'] },
];

async function token(partnerId: string, { audience = 'siso-training:widget', expiresIn = 600 } = {}) {
  const { kid, key } = new WidgetTokenKeys([TEST_SECRET]).signing;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid }).setIssuer('siso-training').setAudience(audience).setSubject(partnerId).setIssuedAt(now - 1000).setExpirationTime(now + expiresIn).sign(key);
}

const cases = async (route: Route): Promise<[string, Record<string, string>][]> => {
  const wrong: [string, Record<string, string>][] = [
    ['no credential', {}],
    ['a malformed header', { authorization: 'Bearer' }],
    ['a non-bearer scheme', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
    ['garbage', { authorization: 'Bearer sk_admin_' + 'x'.repeat(40) }],
    ['an expired widget token', { authorization: `Bearer ${await token('northwind', { expiresIn: -10 })}` }],
    ['a token for another audience', { authorization: `Bearer ${await token('northwind', { audience: 'siso-training:admin' })}` }],
    ['a revoked key', { authorization: `Bearer ${revoked}` }],
  ];
  if (!route.who.includes('widget')) wrong.push(['a widget token', { authorization: `Bearer ${await token('northwind')}` }]);
  for (const role of ['portal', 'training', 'admin'] as const) {
    if (!route.who.includes(role)) wrong.push([`a ${role} key`, { authorization: `Bearer ${keys[role]}` }]);
  }
  return wrong;
};

describe('authorization matrix', () => {
  it.each(routes.map((r) => [`${r.method} ${r.path()}`, r] as const))('%s refuses every wrong credential', async (_name, route) => {
    for (const [label, headers] of await cases(route)) {
      const res = await request(route.method, route.path(), { headers, ...(route.body === undefined ? {} : { body: route.body }) });
      const detail = `${route.method} ${route.path()} with ${label}`;
      expect([401, 403], detail).toContain(res.status);
      expect(res.headers.get('content-type'), detail).toBe('application/problem+json');
      expect(JSON.stringify(res.body), detail).not.toMatch(/Northwind Systems|"evaluation"|"token"|"modules"/);
    }
  });

  it("another partner's token reaches only its own partner", async () => {
    const fabrikam = await token('fabrikam');
    const certificate = await request('GET', `/v1/me/certificates/${northwindCertificate}`, { token: fabrikam });
    expect(certificate.status).toBe(404);
    const snapshot = await request('GET', '/v1/me/training', { token: fabrikam });
    expect(snapshot.body.partner.id).toBe('fabrikam');
    expect(JSON.stringify(snapshot.body)).not.toContain('Northwind');
    // Naming another partner anywhere in a /v1/me path or query is impossible or ignored.
    expect((await request('GET', '/v1/me/training?partnerId=northwind', { token: fabrikam })).body.partner.id).toBe('fabrikam');
  });

  it('admits the right credential on every route', async () => {
    for (const route of routes.filter((r) => r.path() !== '/v1/me/events')) {
      const who = route.who[0]!;
      const auth = who === 'widget' ? await token('northwind') : keys[who];
      const raw = route.body === undefined ? undefined : JSON.stringify(route.body);
      const signature = raw !== undefined && route.path().startsWith('/v1/ingest/') ? { 'siso-signature': server.sign(raw) } : undefined;
      const res = await request(route.method, route.path(), { token: auth, ...(raw === undefined ? {} : { raw }), ...(signature ? { headers: signature } : {}) });
      expect([401, 403], `${route.method} ${route.path()}`).not.toContain(res.status);
      expect(res.status, `${route.method} ${route.path()}`).toBeLessThan(500);
    }
  });
});
