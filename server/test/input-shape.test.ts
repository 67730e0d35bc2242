// Bodies shaped to break the server rather than to mean something: nested thousands deep with
// text PostgreSQL cannot store at the bottom, prototype keys, other media types, integers written
// as `0x10`. Every operation that takes a body is probed (the list comes from /openapi.json), and
// each answer is a 4xx problem+json; in a batch, the one bad item is refused and the rest apply.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
const keys = { portal: '', training: '', admin: '' };
let withBody: { method: string; path: string; role: keyof typeof keys | undefined; signed: boolean }[] = [];

beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  for (const role of ['portal', 'training', 'admin'] as const) keys[role] = await server.keyFor(role);
  const document = (await request('GET', '/openapi.json')).body as {
    paths: Record<string, Record<string, { requestBody?: unknown; security: Record<string, string[]>[]; parameters?: { name: string }[] }>>;
  };
  withBody = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, op]) => op.requestBody !== undefined)
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path: path.replace('{id}', 'northwind'),
        role: op.security[0]?.['serviceKey']?.[0] as keyof typeof keys | undefined,
        signed: (op.parameters ?? []).some((p) => p.name === 'Siso-Signature'),
      })),
  );
});
afterAll(() => server?.close());

const post = (op: (typeof withBody)[number], raw: string, contentType = 'application/json') =>
  request(op.method, op.path, {
    raw,
    headers: {
      'content-type': contentType,
      ...(op.role ? { authorization: `Bearer ${keys[op.role]}` } : {}),
      ...(op.signed ? { 'siso-signature': server.sign(raw) } : {}),
    },
  });

const deep = (depth: number, bottom: string) => `${'{"a":'.repeat(depth)}${bottom}${'}'.repeat(depth)}`;

/** A batch route reads a lone object as one item: refused as that item (200), or the whole body as 400. */
const refusedWith = (res: {
  status: number;
  body: { errors?: { code: string }[]; results?: { status: string; reason: { detail: string } }[] };
}) =>
  res.status === 200 && res.body.results?.every((r) => r.status === 'rejected')
    ? res.body.results.map((r) => r.reason.detail).join()
    : res.status === 400
      ? JSON.stringify(res.body.errors)
      : `status ${res.status}`;

describe('any shape, any depth: a 4xx, never a 5xx', () => {
  it('probes every operation with a body', () => {
    expect(withBody.length).toBeGreaterThanOrEqual(9);
  });

  it('answers a body nested 5,000 deep with U+0000 at the bottom with 400 too_deep', async () => {
    for (const op of withBody) {
      const res = await post(op, deep(5_000, '"\\u0000"'));
      // The ingestion envelope is refused for its shape before any event in it is looked at.
      expect(refusedWith(res), `${op.method} ${op.path}`).toMatch(op.signed ? /invalid_type|unrecognized_keys/ : /too_deep|deeper than 32/);
    }
  });

  it('refuses a top-level __proto__ or constructor key, however it is spelled', async () => {
    for (const op of withBody) {
      for (const raw of ['{"__proto__":{"admin":true}}', '{"\\u005f_proto__":{}}', '{"constructor":{"prototype":{}}}']) {
        expect(refusedWith(await post(op, raw)), `${op.method} ${op.path} ${raw}`).toMatch(
          /prototype_key|unrecognized_keys|is not accepted as a key/,
        );
      }
    }
  });

  it('answers 415 for another media type on every operation with a body, signed ingestion included', async () => {
    for (const op of withBody) {
      const res = await post(op, '{}', 'text/plain');
      expect(res.status, `${op.method} ${op.path}`).toBe(415);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

describe('one bad item is one refused item', () => {
  const activity = (moduleId: string) => `${server.config.xapiActivityBase}${moduleId}`;
  const statement = (id: string, extra: object = {}) => ({
    id,
    actor: { objectType: 'Agent', account: { homePage: 'https://portal.example.com', name: 'northwind' } },
    verb: { id: 'http://adlnet.gov/expapi/verbs/progressed', display: { 'en-US': 'progressed' } },
    object: { id: activity('product-fundamentals') },
    result: { duration: 'PT5M', ...extra },
  });

  it('refuses an xAPI statement whose extensions nest too deep, and applies the rest', async () => {
    const marker = '"@deep@"';
    const extensions = `${'{"https://example.com/x":'.repeat(5_000)}"bottom"${'}'.repeat(5_000)}`;
    const body = [
      statement('0b5a1a3e-1111-4a4a-9a9a-000000000001', { extensions: '@deep@' }),
      statement('0b5a1a3e-1111-4a4a-9a9a-000000000002'),
    ];
    const raw = JSON.stringify(body).replace(marker, extensions);
    const res = await request('POST', '/v1/xapi/statements', { token: keys.training, raw });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'applied']);
    expect(res.body.results[0].reason.detail).toMatch(/deeper than 32/);
  });

  it('refuses an ingestion event with a prototype key, and applies the rest', async () => {
    const at = server.clock.now().toISOString();
    const raw = `{"events":[{"id":"p-1","type":"module.started","partnerId":"northwind","moduleId":"product-fundamentals","occurredAt":"${at}","__proto__":{}},{"id":"p-2","type":"module.started","partnerId":"northwind","moduleId":"product-fundamentals","occurredAt":"${at}"}]}`;
    const res = await request('POST', '/v1/ingest/events', { token: keys.training, raw, headers: { 'siso-signature': server.sign(raw) } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['rejected', 'applied']);
  });
});

describe('integers in paths and queries are decimal digits', () => {
  it.each(['0x10', ' 1', '1 ', '1e2', '+1', '01', '1.0', ''])('refuses limit=%j with 400', async (limit) => {
    const res = await request('GET', `/v1/partners?limit=${encodeURIComponent(limit)}`, { token: keys.portal });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/limit');
  });

  it('takes plain digits, and refuses the same spellings for a policy version in the path', async () => {
    expect((await request('GET', '/v1/partners?limit=2', { token: keys.portal })).body.partners).toHaveLength(2);
    expect((await request('GET', '/v1/policy/versions/1', { token: keys.portal })).status).toBe(200);
    for (const version of ['0x1', '1e0', '%201', '01']) {
      expect((await request('GET', `/v1/policy/versions/${version}`, { token: keys.portal })).status, version).toBe(400);
    }
  });
});

describe('what the HTTP parser refuses, before any route', () => {
  /** Sends raw bytes and reads the whole answer (the server closes after it). */
  const raw = (text: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
      socket.write(text);
    });
  const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { status: number; type: string };

  it.each([
    ['a header past the limit', `GET /healthz HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['a request line past the limit', `GET /healthz?${'a'.repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`],
  ])('answers %s with a 431 problem', async (_what, request) => {
    const answer = await raw(request);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/);
    expect(problemOf(answer)).toMatchObject({ status: 431, type: expect.stringMatching(/headers-too-large$/) });
  });

  it('answers what is not HTTP with a 400 problem, and keeps serving', async () => {
    const answer = await raw('HELLO THERE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(problemOf(answer).status).toBe(400);
    expect((await request('GET', '/healthz')).status).toBe(200);
  });
});
