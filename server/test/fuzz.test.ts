// fast-check over every JSON body (and the query strings): whatever arrives, the answer is a
// 2xx or a 4xx problem+json, never a 5xx, and the server stays up.
import { DEFAULT_CATALOG, DEFAULT_POLICY } from '@siso/training-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const RUNS = process.env.CI ? 1_000 : 100;
// Any code point, not only printable ASCII (fast-check's default), and now and then one that
// PostgreSQL cannot store (U+0000, half a surrogate pair): the database is where odd text breaks.
const awkward = (...chars: string[]) =>
  fc.oneof(
    { weight: 19, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.constantFrom(...chars) },
  );
const text = { unit: awkward('\u0000', '\ud800', '\udfff') };
const json = (maxDepth: number) => fc.jsonValue({ maxDepth, stringUnit: text.unit });
// A URL cannot carry half a surrogate pair (encodeURIComponent refuses it).
const queryText = { unit: awkward('\u0000') };

let server: TestServer;
let request: ReturnType<typeof http>;
const keys = { portal: '', training: '', admin: '' };
let widget = '';
beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  for (const role of ['portal', 'training', 'admin'] as const) keys[role] = await server.keyFor(role);
  widget = await server.tokenFor('fabrikam');
});
afterAll(() => server?.close());

/** A valid body with some fields dropped, replaced by any JSON, and maybe a field added. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = Object.keys(valid);
  return fc
    .tuple(
      fc.array(fc.tuple(fc.constantFrom(...fields), fc.oneof(fc.constant(undefined), json(3)))),
      fc.option(fc.tuple(fc.string({ ...text, maxLength: 12 }), json(2))),
    )
    .map(([changes, extra]) => {
      const body: Record<string, unknown> = { ...valid };
      for (const [field, value] of changes) {
        if (value === undefined) delete body[field];
        else body[field] = value;
      }
      if (extra) body[extra[0]] = extra[1];
      return body;
    });
}

/**
 * A valid body with some of its strings replaced by any text: the shape still passes, so the text
 * gets as far as the database (a mutated shape is nearly always refused before).
 */
function retexted(valid: unknown): fc.Arbitrary<unknown> {
  if (typeof valid === 'string')
    return fc.oneof({ weight: 3, arbitrary: fc.constant(valid) }, { weight: 1, arbitrary: fc.string({ ...text, maxLength: 40 }) });
  if (Array.isArray(valid)) return fc.tuple(...valid.map(retexted));
  if (typeof valid === 'object' && valid !== null)
    return fc.record(Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, retexted(v)])));
  return fc.constant(valid);
}

/**
 * A valid body with one field nested 1 to 5,000 deep (arrays or objects, text that cannot be
 * stored at the bottom now and then), written as text: JSON.stringify itself overflows at depth.
 */
function deepened(valid: Record<string, unknown>): fc.Arbitrary<{ raw: string }> {
  return fc
    .tuple(
      fc.constantFrom(...Object.keys(valid)),
      fc.integer({ min: 1, max: 5_000 }),
      fc.constantFrom('[', '{"a":'),
      fc.constantFrom('1', '"\\u0000"', '"x"'),
    )
    .map(([field, depth, open, bottom]) => {
      const close = open === '[' ? ']' : '}';
      return {
        raw: JSON.stringify({ ...valid, [field]: '@deep@' }).replace('"@deep@"', open.repeat(depth) + bottom + close.repeat(depth)),
      };
    });
}

const anyBody = (valid: Record<string, unknown> | unknown[]) =>
  fc.oneof(
    { weight: 1, arbitrary: deepened(Array.isArray(valid) ? (valid[0] as Record<string, unknown>) : valid) },
    {
      weight: 3,
      arbitrary: Array.isArray(valid) ? fc.array(mutated(valid[0] as Record<string, unknown>), { maxLength: 3 }) : mutated(valid),
    },
    { weight: 2, arbitrary: retexted(valid) },
    { weight: 2, arbitrary: json(4) },
    { weight: 1, arbitrary: fc.string({ ...text, maxLength: 200 }).map((s) => ({ raw: s })) },
  );

// Mostly JSON, now and then another media type (or none at all).
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/jsonx',
      'multipart/form-data; boundary=x',
      '',
    ),
  },
);

async function expectSafe(method: string, path: string, body: unknown, token: string, sign = false, type = 'application/json') {
  const raw =
    typeof body === 'object' && body !== null && 'raw' in body && Object.keys(body).length === 1 ? String(body.raw) : JSON.stringify(body);
  const res = await request(method, path, {
    token,
    raw,
    headers: { 'content-type': type, ...(sign ? { 'siso-signature': server.sign(raw) } : {}) },
  });
  expect(res.status, `${method} ${path} ${raw.slice(0, 300)} → ${JSON.stringify(res.body).slice(0, 300)}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
}

const at = '2026-05-01T10:00:00.000Z';
const { version: _version, ...policyInput } = DEFAULT_POLICY;
const module = DEFAULT_CATALOG.modules[11]!;
const certification = DEFAULT_CATALOG.certifications[0]!;

const cases: {
  name: string;
  method: string;
  path: string;
  who: keyof typeof keys;
  valid: Record<string, unknown> | unknown[];
  sign?: boolean;
}[] = [
  {
    name: 'POST /v1/widget-tokens',
    method: 'POST',
    path: '/v1/widget-tokens',
    who: 'portal',
    valid: { partnerId: 'contoso', ttlSeconds: 300 },
  },
  {
    name: 'PUT /v1/partners/{id}',
    method: 'PUT',
    path: '/v1/partners/fuzzed',
    who: 'portal',
    valid: { name: 'Fuzzed', performanceScore: 50, trailingRevenue: 1000, currency: 'EUR' },
  },
  { name: 'PUT /v1/modules/{id}', method: 'PUT', path: `/v1/modules/${module.id}`, who: 'admin', valid: { ...module } },
  {
    name: 'PUT /v1/certifications/{id}',
    method: 'PUT',
    path: `/v1/certifications/${certification.id}`,
    who: 'admin',
    valid: { ...certification },
  },
  { name: 'PUT /v1/policy', method: 'PUT', path: '/v1/policy', who: 'admin', valid: { ...policyInput } },
  {
    name: 'POST /v1/ingest/events (events)',
    method: 'POST',
    path: '/v1/ingest/events',
    who: 'training',
    sign: true,
    valid: {
      events: [{ id: 'e', type: 'module.progress', partnerId: 'contoso', moduleId: 'integration-patterns', percent: 50, occurredAt: at }],
    },
  },
  {
    name: 'POST /v1/xapi/statements',
    method: 'POST',
    path: '/v1/xapi/statements',
    who: 'training',
    valid: {
      id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
      actor: { account: { homePage: 'https://portal.example.com', name: 'contoso' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/progressed' },
      object: { id: 'https://siso.training/xapi/modules/integration-patterns' },
      result: { duration: 'PT5M' },
    },
  },
];

describe('fuzzed bodies never get a 5xx', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await fc.assert(
      fc.asyncProperty(anyBody(c.valid), contentType, (body, type) => expectSafe(c.method, c.path, body, keys[c.who], c.sign, type)),
      { numRuns: RUNS },
    );
  });

  it('POST /v1/ingest/events (each event)', async () => {
    const event = {
      id: 'e',
      type: 'module.completed',
      partnerId: 'contoso',
      moduleId: 'integration-patterns',
      score: 90,
      timeSpentSeconds: 60,
      occurredAt: at,
    };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(mutated(event), retexted(event)), { minLength: 1, maxLength: 5 }), (events) =>
        expectSafe('POST', '/v1/ingest/events', { events }, keys.training, true),
      ),
      { numRuns: RUNS },
    );
  });

  it('GET /v1/me/simulate and GET /v1/partners query strings', async () => {
    await fc.assert(
      // The page size is often valid, so that the cursor is read, not refused with it.
      fc.asyncProperty(
        fc.string({ ...queryText, maxLength: 100 }),
        fc.oneof(fc.constant('10'), fc.string({ ...queryText, maxLength: 100 })),
        async (a, b) => {
          const q = `complete=${encodeURIComponent(a)}&earn=${encodeURIComponent(b)}`;
          const sim = await request('GET', `/v1/me/simulate?${q}`, { token: widget });
          expect(sim.status).toBeLessThan(500);
          const list = await request('GET', `/v1/partners?after=${encodeURIComponent(a)}&limit=${encodeURIComponent(b)}`, {
            token: keys.portal,
          });
          expect(list.status).toBeLessThan(500);
          const path = await request('GET', `/v1/partners/${encodeURIComponent(a)}`, { token: keys.portal });
          expect(path.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
