// Every operation the server publishes × every wrong credential: nothing but 401/403
// problem+json, and no data. The rows come from /openapi.json, which is generated from the same
// route definitions that mount the routes and their authentication: a new route is in this
// matrix the moment it exists.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeServiceKey, createServiceKey, type ServiceRole } from '../src/auth/service-keys.ts';
import { WidgetTokenKeys } from '../src/auth/widget-token.ts';
import { http } from './support/http.ts';
import { ManualClock, startTestServer, TEST_SECRET, type TestServer } from './support/test-server.ts';

type Who = 'widget' | ServiceRole;
interface Operation {
  method: string;
  /** The path with its parameters filled in. */
  path: string;
  who: Who[];
  hasBody: boolean;
  signed: boolean;
  stream: boolean;
}
interface DocumentOperation {
  security: Record<string, string[]>[];
  requestBody?: unknown;
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, unknown> }>;
}

let server: TestServer;
let request: ReturnType<typeof http>;
let operations: Operation[] = [];
const keys: Record<ServiceRole, string> = { portal: '', training: '', admin: '' };
let revoked = '';
let northwindCertificate = '';

/** Who a document's security requirement admits: the widget token, or the service-key roles it lists. */
function whoOf(security: Record<string, string[]>[]): Who[] {
  return security.flatMap((requirement): Who[] =>
    'widgetToken' in requirement ? ['widget'] : ((requirement['serviceKey'] ?? []) as ServiceRole[]),
  );
}

/** A real value for each path parameter, so a right credential reaches the handler. */
const fill = (path: string) =>
  path.replace('{version}', '1').replace('{id}', path.includes('/certificates/') ? northwindCertificate : 'northwind');

beforeAll(async () => {
  // Hundreds of failures from one address, on purpose: the limit on them is tested below.
  server = await startTestServer({ AUTH_FAILURE_LIMIT_BURST: '1000000' });
  request = http(server.url);
  for (const role of ['portal', 'training', 'admin'] as const) keys[role] = await server.keyFor(role);
  const gone = await createServiceKey(server.database.db, { role: 'admin' });
  await revokeServiceKey(server.database.db, gone.id);
  revoked = gone.key;
  await server.ingest(keys.training, [
    {
      id: 'cert-1',
      type: 'certification.earned',
      partnerId: 'northwind',
      certificationId: 'solution-architect',
      occurredAt: server.clock.now().toISOString(),
    },
  ]);
  const snapshot = await request('GET', '/v1/me/training', { token: await server.tokenFor('northwind') });
  northwindCertificate = snapshot.body.certificates[0].id;

  const document = (await request<{ paths: Record<string, Record<string, DocumentOperation>> }>('GET', '/openapi.json')).body;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path: fill(path),
      who: whoOf(op.security),
      hasBody: op.requestBody !== undefined,
      signed: (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Siso-Signature'),
      stream: Object.values(op.responses).some((r) => r.content !== undefined && 'text/event-stream' in r.content),
    })),
  );
});
afterAll(() => server?.close());

/** A widget token signed with the server's real secret: valid unless the options make it otherwise. */
async function token(partnerId: string, { audience = 'siso-training:widget', issuedAgo = 10, expiresIn = 600 } = {}) {
  const { kid, key } = new WidgetTokenKeys([TEST_SECRET]).signing;
  const now = Math.floor(server.clock.now().getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .setIssuer('siso-training')
    .setAudience(audience)
    .setSubject(partnerId)
    .setIssuedAt(now - issuedAgo)
    .setExpirationTime(now + expiresIn)
    .sign(key);
}

async function wrongCredentials(op: Operation): Promise<[string, Record<string, string>][]> {
  const wrong: [string, Record<string, string>][] = [
    ['no credential', {}],
    ['a malformed header', { authorization: 'Bearer' }],
    ['a non-bearer scheme', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
    ['garbage', { authorization: 'Bearer sk_admin_' + 'x'.repeat(40) }],
    ['an expired widget token', { authorization: `Bearer ${await token('northwind', { expiresIn: -10 })}` }],
    ['a token for another audience', { authorization: `Bearer ${await token('northwind', { audience: 'siso-training:admin' })}` }],
    // Signed with the real secret, but past what minting allows: ten years, or issued in an hour.
    ['a ten-year widget token', { authorization: `Bearer ${await token('northwind', { expiresIn: 10 * 365 * 86_400 })}` }],
    [
      'a widget token issued in the future',
      { authorization: `Bearer ${await token('northwind', { issuedAgo: -3_600, expiresIn: 3_700 })}` },
    ],
    ['a revoked key', { authorization: `Bearer ${revoked}` }],
  ];
  if (!op.who.includes('widget')) wrong.push(['a widget token', { authorization: `Bearer ${await token('northwind')}` }]);
  for (const role of ['portal', 'training', 'admin'] as const) {
    if (!op.who.includes(role)) wrong.push([`a ${role} key`, { authorization: `Bearer ${keys[role]}` }]);
  }
  return wrong;
}

describe('authorization matrix (from /openapi.json)', () => {
  it('covers every operation the server publishes, each guarded or declared public', () => {
    const names = operations.map((op) => `${op.method} ${op.path.replace(northwindCertificate, '{certificate}')}`);
    // The routes this list was first written against: none may silently leave the document.
    for (const expected of [
      'GET /v1/me/training',
      'GET /v1/me/events',
      'POST /v1/me/modules/northwind/launch',
      'POST /v1/me/modules/northwind/complete',
      'GET /v1/me/simulate',
      'GET /v1/me/certificates/{certificate}',
      'POST /v1/widget-tokens',
      'POST /v1/ingest/events',
      'POST /v1/xapi/statements',
      'GET /v1/partners',
      'PUT /v1/partners/northwind',
      'POST /v1/evaluations',
      'GET /v1/catalog',
      'PUT /v1/modules/northwind',
      'DELETE /v1/modules/northwind',
      'PUT /v1/certifications/northwind',
      'PUT /v1/policy',
      'GET /v1/policy/versions/1',
      'POST /v1/certificates/{certificate}/revoke',
    ]) {
      expect(names).toContain(expected);
    }
    // Public operations are the few that must be: health, documents, verification, and what the
    // ids inside a credential resolve to (Open Badges 3.0: the credential, issuer, its keys, achievement, status list).
    expect(operations.filter((op) => op.who.length === 0 && op.path.startsWith('/v1/')).map((op) => `${op.method} ${op.path}`)).toEqual([
      `GET /v1/certificates/${northwindCertificate}/verify`,
      'POST /v1/certificates/verify',
      `GET /v1/certificates/${northwindCertificate}`,
      'GET /v1/issuer',
      'GET /v1/issuer/keys/northwind',
      'GET /v1/achievements/northwind',
      'GET /v1/status-lists/northwind',
    ]);
  });

  it('refuses every wrong credential on every guarded operation, before reading the body', async () => {
    for (const op of operations.filter((o) => o.who.length > 0)) {
      for (const [label, headers] of await wrongCredentials(op)) {
        // A body that would fail validation: a route that read it before authenticating would answer 400.
        const res = await request(op.method, op.path, { headers, ...(op.hasBody ? { raw: '{}' } : {}) });
        const detail = `${op.method} ${op.path} with ${label}`;
        expect([401, 403], detail).toContain(res.status);
        expect(res.headers.get('content-type'), detail).toBe('application/problem+json');
        expect(JSON.stringify(res.body), detail).not.toMatch(/Northwind Systems|"evaluation"|"token"|"modules"/);
      }
    }
  });

  it('admits each admitted credential on every guarded operation', async () => {
    for (const op of operations.filter((o) => o.who.length > 0)) {
      for (const who of op.who) {
        const auth = who === 'widget' ? await token('northwind') : keys[who];
        const raw = op.hasBody ? '{}' : undefined;
        const headers: Record<string, string> = {
          authorization: `Bearer ${auth}`,
          ...(raw === undefined ? {} : { 'content-type': 'application/json' }),
        };
        if (op.signed && raw !== undefined) headers['siso-signature'] = server.sign(raw);
        const controller = new AbortController();
        const res = await fetch(`${server.url}${op.path}`, {
          method: op.method,
          headers,
          signal: controller.signal,
          ...(raw === undefined ? {} : { body: raw }),
        });
        // A stream never ends: its head is the answer.
        if (op.stream) controller.abort();
        else await res.arrayBuffer();
        const detail = `${op.method} ${op.path} as ${who}`;
        expect([401, 403], detail).not.toContain(res.status);
        expect(res.status, detail).toBeLessThan(500);
      }
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
});

describe('failed authentication', () => {
  let limited: TestServer;
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  beforeAll(async () => {
    limited = await startTestServer({ AUTH_FAILURE_LIMIT_BURST: '3', AUTH_FAILURE_LIMIT_PER_SECOND: '0.5' }, { clock });
  });
  afterAll(() => limited?.close());
  const call = (authorization: string) => http(limited.url)('GET', '/v1/partners', { headers: { authorization } });
  const queries = async () =>
    Number(/^siso_service_key_queries_total (\d+)$/m.exec((await http(limited.url)('GET', '/metrics')).body as string)?.[1]);

  it('is limited per client address: 429 before any credential is looked at, until the limit refills', async () => {
    const portal = await limited.keyFor('portal');
    for (let i = 0; i < 3; i += 1) expect((await call(`Bearer sk_portal_${'w'.repeat(40)}${i}`)).status).toBe(401);
    const refused = await call(`Bearer ${portal}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('2');
    clock.advance({ seconds: 2 });
    expect((await call(`Bearer ${portal}`)).status).toBe(200);
    // Successes cost nothing: the one token that refilled is still there for a failure.
    expect((await call(`Bearer ${portal}`)).status).toBe(200);
    expect((await call('Bearer nonsense')).status).toBe(401);
    expect((await call(`Bearer ${portal}`)).status).toBe(429);
  });

  it('answers a repeated unknown service key from memory, without a database query', async () => {
    clock.advance({ seconds: 60 });
    const unknown = `Bearer sk_admin_${'u'.repeat(40)}`;
    const before = await queries();
    expect((await call(unknown)).status).toBe(401);
    expect(await queries()).toBe(before + 1);
    expect((await call(unknown)).status).toBe(401);
    expect(await queries()).toBe(before + 1);
    // Remembered for a minute only: a key created meanwhile works after that.
    clock.advance({ seconds: 61 });
    expect((await call(unknown)).status).toBe(401);
    expect(await queries()).toBe(before + 2);
  });
});
