import { IngestResponseSchema, TrainingSnapshotSchema, XapiResponseSchema } from '@siso/training-core';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, ingestReceipts } from '../src/db/schema.ts';
import { signBody } from '../src/ingest/signature.ts';
import { http } from './support/http.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { parseExact } from '../../test-support/exact.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
let training: string;
let portal: string;
beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  training = await server.keyFor('training');
  portal = await server.keyFor('portal');
});
afterAll(() => server?.close());

const at = '2026-05-01T10:00:00.000Z';
let n = 0;
const nextId = () => `lms-${(n += 1)}`;

async function ingest(batch: unknown, { sign = true, token = training }: { sign?: boolean; token?: string } = {}) {
  const raw = JSON.stringify(batch);
  return request('POST', '/v1/ingest/events', { token, raw, headers: sign ? { 'siso-signature': server.sign(raw) } : {} });
}

async function eventTypes(partnerId: string, afterSeq = 0) {
  const rows = await server.database.db.select({ seq: events.seq, type: events.type }).from(events).where(eq(events.partnerId, partnerId));
  return rows
    .filter((r) => r.seq > afterSeq)
    .sort((a, b) => a.seq - b.seq)
    .map((r) => r.type);
}

async function cursorOf(partnerId: string) {
  const res = await request('GET', '/v1/me/training', { token: await server.tokenFor(partnerId) });
  return parseExact(TrainingSnapshotSchema, res.body);
}

async function createPartner(id: string) {
  const res = await request('PUT', `/v1/partners/${id}`, { token: portal, body: { name: `Partner ${id}`, performanceScore: 50 } });
  expect(res.status).toBe(201);
}

describe('POST /v1/ingest/events', () => {
  it('refuses unsigned, stale and tampered bodies with 401', async () => {
    const { cursor } = await cursorOf('fabrikam');
    const batch = {
      events: [{ id: nextId(), type: 'module.started', partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: at }],
    };
    expect((await ingest(batch, { sign: false })).status).toBe(401);
    const raw = JSON.stringify(batch);
    const stale = signBody({ secret: server.config.ingestSigningSecrets[0]!, body: raw, timestamp: Math.floor(Date.now() / 1000) - 301 });
    const res = await request('POST', '/v1/ingest/events', { token: training, raw, headers: { 'siso-signature': stale } });
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(
      /outside the tolerance; sign again with the current time\. This server's clock reads t=\d{10} \(\d{4}-\d\d-\d\dT[\d:.]+Z\)\.$/,
    );
    const tampered = await request('POST', '/v1/ingest/events', {
      token: training,
      raw: raw.replace('fabrikam', 'northwind'),
      headers: { 'siso-signature': server.sign(raw) },
    });
    expect(tampered.status).toBe(401);
    expect(await eventTypes('fabrikam', cursor)).toEqual([]);
  });

  it('completes modules in one transaction: progress, certificate, tier, commission and events', async () => {
    const before = await cursorOf('northwind');
    expect(before.evaluation.tier).toBe('bronze');
    const complete = (moduleId: string, score: number) => ({
      id: nextId(),
      type: 'module.completed',
      partnerId: 'northwind',
      moduleId,
      occurredAt: at,
      score,
      timeSpentSeconds: 7200,
    });
    const res = await ingest({
      events: [complete('solution-selling', 81), complete('pricing-and-licensing', 90), complete('customer-onboarding', 77)],
    });
    expect(res.status).toBe(200);
    const body = parseExact(IngestResponseSchema, res.body);
    expect(body).toMatchObject({ applied: 3, duplicate: 0, rejected: 0 });
    const types = await eventTypes('northwind', before.cursor);
    expect(types.filter((t) => t === 'module.completed')).toHaveLength(3);
    expect(types).toContain('certificate.issued');
    expect(types).toContain('tier.changed');
    expect(types).toContain('commission.changed');
    expect(types.at(-1)).toBe('recommendations.updated');
    const after = await cursorOf('northwind');
    expect(after.evaluation.tier).toBe('silver');
    expect(after.partner.tier).toBe('silver');
    expect(after.summary.modulesCompleted).toBe(5);
    expect(after.certificates.map((c) => c.certificationId)).toEqual(['sales-foundation']);
    expect(after.cursor).toBe(before.cursor + types.length);
  });

  it('keeps milestones in the history however many progress reports follow them', async () => {
    await createPartner('chatty');
    const progress = (percent: number) => ({
      id: nextId(),
      type: 'module.progress',
      partnerId: 'chatty',
      moduleId: 'partner-program-essentials',
      occurredAt: at,
      percent,
    });
    const done = {
      id: nextId(),
      type: 'module.completed',
      partnerId: 'chatty',
      moduleId: 'product-fundamentals',
      occurredAt: at,
      score: 90,
    };
    // One progress report per page, as an LMS may send them: many more than the history's 20 lines.
    expect((await ingest({ events: [done, ...Array.from({ length: 40 }, (_, i) => progress(i + 1))] })).status).toBe(200);
    const snapshot = await cursorOf('chatty');
    expect(snapshot.modules.find((m) => m.id === 'partner-program-essentials')!.progress.percent).toBe(40);
    expect(snapshot.history.map((h) => h.type)).toEqual(['module.completed']);
    expect(snapshot.history[0]!.params).toEqual({ moduleId: 'product-fundamentals' });
  });

  it('answers each item: applied, duplicate, rejected with the reason', async () => {
    const ok = {
      id: nextId(),
      type: 'module.progress',
      partnerId: 'fabrikam',
      moduleId: 'product-fundamentals',
      percent: 30,
      occurredAt: at,
    };
    const res = await ingest({
      events: [
        ok,
        ok,
        { id: nextId(), type: 'module.started', partnerId: 'nobody', moduleId: 'product-fundamentals', occurredAt: at },
        { id: nextId(), type: 'module.started', partnerId: 'fabrikam', moduleId: 'no-such-module', occurredAt: at },
        { id: nextId(), type: 'certification.earned', partnerId: 'fabrikam', certificationId: 'no-such-cert', occurredAt: at },
        { id: 'bad-1', type: 'module.progress', partnerId: 'fabrikam', moduleId: 'product-fundamentals', percent: 300, occurredAt: at },
        { id: 'bad-2', type: 'module.teleported', partnerId: 'fabrikam', occurredAt: at },
        { id: 'bad-3', type: 'module.started', partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: at, extra: true },
        { id: 'bad-4', type: 'module.started', partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: '25.11.2026 10:00' },
        { id: 'bad-5', type: 'module.started', partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: '2026-11-25T10:00:00' },
      ],
    });
    expect(res.status).toBe(200);
    const statuses = res.body.results.map((r: { status: string; reason?: { code: string } }) => r.reason?.code ?? r.status);
    expect(statuses).toEqual([
      'applied',
      'duplicate',
      'unknown_partner',
      'unknown_module',
      'unknown_certification',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect(res.body.results[5].reason.detail).toMatch(/\/events\/5\/percent/);
    // A time without an offset is ambiguous: refused, like one in another format.
    expect(res.body.results[9].reason.detail).toMatch(/\/events\/9\/occurredAt/);
    const again = await ingest({ events: [ok] });
    expect(again.body.results).toEqual([{ id: ok.id, status: 'duplicate' }]);
  });

  it('earns and revokes certifications, re-evaluating each time', async () => {
    await createPartner('cert-partner');
    const earned = await ingest({
      events: [
        {
          id: nextId(),
          type: 'certification.earned',
          partnerId: 'cert-partner',
          certificationId: 'solution-architect',
          occurredAt: new Date().toISOString(),
        },
      ],
    });
    expect(earned.body.applied).toBe(1);
    let snapshot = await cursorOf('cert-partner');
    expect(snapshot.evaluation.facts.activeCertifications.advanced).toBe(1);
    const id = snapshot.certificates[0]!.id;
    const mine = await request('GET', `/v1/me/certificates/${id}`, { token: await server.tokenFor('cert-partner') });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      id,
      certificationId: 'solution-architect',
      status: 'active',
      credential: expect.stringMatching(/^eyJ/),
    });
    expect(mine.body.certification.name).toBeTypeOf('string');
    const theirs = await request('GET', `/v1/me/certificates/${id}`, { token: await server.tokenFor('fabrikam') });
    expect(theirs.status).toBe(404);
    await ingest({
      events: [
        {
          id: nextId(),
          type: 'certification.revoked',
          partnerId: 'cert-partner',
          certificationId: 'solution-architect',
          occurredAt: new Date().toISOString(),
          reason: 'exam fraud',
        },
      ],
    });
    snapshot = await cursorOf('cert-partner');
    expect(snapshot.certificates[0]!.status).toBe('revoked');
    expect(snapshot.evaluation.facts.activeCertifications.advanced).toBe(0);
    expect(await eventTypes('cert-partner')).toEqual(
      expect.arrayContaining(['certificate.issued', 'certificate.revoked', 'commission.changed']),
    );
  });

  it('counts the same 1,000-event batch once when it is posted three times', async () => {
    const partnerIds = Array.from({ length: 10 }, (_, i) => `bulk-${i}`);
    for (const id of partnerIds) await createPartner(id);
    const modules = ['product-fundamentals', 'solution-selling', 'pricing-and-licensing', 'customer-onboarding', 'architecture-deep-dive'];
    const batch = {
      events: Array.from({ length: 1000 }, (_, i) => ({
        id: `bulk-event-${i}`,
        type: 'module.progress',
        partnerId: partnerIds[i % 10],
        moduleId: modules[Math.floor(i / 10) % modules.length],
        percent: Math.floor(i / 50) + 1,
        timeSpentSeconds: i,
        occurredAt: at,
      })),
    };
    const logged = async () => (await Promise.all(partnerIds.map((id) => eventTypes(id)))).flat().length;
    const first = await ingest(batch);
    expect(first.body).toMatchObject({ applied: 1000, duplicate: 0 });
    const afterFirst = await logged();
    for (let i = 0; i < 2; i += 1) {
      const again = await ingest(batch);
      expect(again.body).toMatchObject({ applied: 0, duplicate: 1000, rejected: 0 });
    }
    expect(await logged()).toBe(afterFirst);
    const [row] = await server.database.db.select({ receipts: count() }).from(ingestReceipts).where(eq(ingestReceipts.source, 'events'));
    expect(row?.receipts).toBeGreaterThanOrEqual(1000);
  });
});

describe("idempotency by the training system's own id", () => {
  it('applies an event once: sent again as it was, a duplicate; with other content under its id, a conflict that changes nothing', async () => {
    await createPartner('id-partner-a');
    await createPartner('id-partner-b');
    const id = nextId();
    const event = (partnerId: string, percent = 30) => ({
      id,
      type: 'module.progress',
      partnerId,
      moduleId: 'product-fundamentals',
      percent,
      occurredAt: at,
    });
    const progress = async (partnerId: string) =>
      (await cursorOf(partnerId)).modules.find((m) => m.id === 'product-fundamentals')?.progress.percent;
    expect((await ingest({ events: [event('id-partner-a')] })).body.results).toEqual([{ id, status: 'applied' }]);
    // The same event, its members in another order: the same.
    const reordered = Object.fromEntries(Object.entries(event('id-partner-a')).reverse());
    expect((await ingest({ events: [reordered] })).body.results).toEqual([{ id, status: 'duplicate' }]);
    for (const other of [event('id-partner-b'), event('id-partner-a', 60)]) {
      const res = await ingest({ events: [other] });
      expect(res.status).toBe(200);
      expect(res.body.results).toEqual([
        { id, status: 'rejected', reason: { code: 'conflict', detail: expect.stringMatching(/different event with this id/) } },
      ]);
    }
    expect(await progress('id-partner-a')).toBe(30);
    expect(await progress('id-partner-b')).toBe(0);
    // Within one batch too: the first is applied, the other refused.
    const fresh = nextId();
    const twice = await ingest({
      events: [
        { ...event('id-partner-b', 10), id: fresh },
        { ...event('id-partner-b', 20), id: fresh },
      ],
    });
    expect(twice.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'rejected']);
    // A receipt stored before events were kept cannot tell: what comes again under its id is a duplicate.
    await server.database.db.update(ingestReceipts).set({ payload: null }).where(eq(ingestReceipts.itemId, id));
    expect((await ingest({ events: [event('id-partner-a', 90)] })).body.results).toEqual([{ id, status: 'duplicate' }]);
    expect(await progress('id-partner-a')).toBe(30);
  });
});

describe('POST /v1/xapi/statements', () => {
  const activity = (moduleId: string) => `${server.config.xapiActivityBase}${moduleId}`;
  const actor = (partnerId: string) => ({
    objectType: 'Agent',
    name: 'Example Learner',
    account: { homePage: 'https://portal.example.com', name: partnerId },
  });
  const verb = (name: string) => ({ id: `http://adlnet.gov/expapi/verbs/${name}`, display: { 'en-US': name } });
  const post = (body: unknown) =>
    request('POST', '/v1/xapi/statements', { token: training, body, headers: { 'x-experience-api-version': '1.0.3' } });

  it('maps statements shaped like the specification’s examples', async () => {
    await createPartner('xapi-partner');
    const statements = [
      {
        id: '7ccd3322-e1a5-411a-a67d-6a735c76f119',
        timestamp: '2015-12-18T12:17:00+00:00',
        actor: actor('xapi-partner'),
        verb: verb('launched'),
        object: { id: activity('product-fundamentals'), objectType: 'Activity', definition: { name: { 'en-US': 'Product fundamentals' } } },
        context: { registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7', platform: 'Example virtual meeting software', language: 'en-US' },
        version: '1.0.3',
      },
      {
        id: '2a41c918-b88b-4b20-a0a5-a4c32391aaa1',
        timestamp: '2015-12-18T12:47:00+00:00',
        actor: actor('xapi-partner'),
        verb: verb('progressed'),
        object: { id: activity('product-fundamentals') },
        result: { duration: 'PT30M', extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': 60 } },
      },
      {
        id: 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0',
        timestamp: '2015-12-18T13:17:00+00:00',
        actor: actor('xapi-partner'),
        verb: verb('passed'),
        object: { id: activity('product-fundamentals'), objectType: 'Activity' },
        result: { score: { scaled: 0.95, raw: 95, min: 0, max: 100 }, success: true, completion: true, duration: 'PT1H0M0S' },
        authority: { objectType: 'Agent', name: 'LMS', mbox: 'mailto:lms@example.com' },
      },
      {
        id: '3b41c918-b88b-4b20-a0a5-a4c32391aaa2',
        actor: actor('xapi-partner'),
        verb: { id: 'http://adlnet.gov/expapi/verbs/attempted', display: { 'en-US': 'attempted' } },
        object: { id: 'http://example.adlnet.gov/xapi/example/simpleCBT' },
      },
    ];
    const res = await post(statements);
    expect(res.status).toBe(200);
    const body = parseExact(XapiResponseSchema, res.body);
    expect(body.ids).toEqual(statements.map((s) => s.id));
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'ignored']);
    const snapshot = await cursorOf('xapi-partner');
    const progress = snapshot.modules.find((m) => m.id === 'product-fundamentals')!.progress;
    expect(progress).toMatchObject({ status: 'completed', score: 95, timeSpentSeconds: 5400, percent: 100 });
    const again = await post(statements[2]);
    expect(again.body.results).toEqual([{ id: statements[2]!.id, status: 'duplicate' }]);
    const [stored] = await server.database.db
      .select({ status: ingestReceipts.status, type: ingestReceipts.type })
      .from(ingestReceipts)
      .where(and(eq(ingestReceipts.partnerId, 'xapi-partner'), eq(ingestReceipts.itemId, statements[3]!.id)));
    expect(stored).toEqual({ status: 'ignored', type: 'http://adlnet.gov/expapi/verbs/attempted' });
  });

  it('rejects per statement what cannot be applied', async () => {
    const res = await post([
      { actor: { mbox: 'mailto:someone@example.com' }, verb: verb('completed'), object: { id: activity('negotiation-skills') } },
      {
        id: '4c41c918-b88b-4b20-a0a5-a4c32391aaa3',
        actor: actor('nobody'),
        verb: verb('completed'),
        object: { id: activity('negotiation-skills') },
      },
      {
        id: '5d41c918-b88b-4b20-a0a5-a4c32391aaa4',
        actor: actor('xapi-partner'),
        verb: verb('completed'),
        object: { id: activity('negotiation-skills') },
        result: { duration: 'ninety minutes' },
      },
      { id: '6e41c918-b88b-4b20-a0a5-a4c32391aaa5', actor: actor('xapi-partner'), verb: verb('completed') },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { reason?: { code: string } }) => r.reason?.code)).toEqual([
      'unknown_actor',
      'unknown_partner',
      'invalid_duration',
      'invalid',
    ]);
  });

  it('refuses a body that is neither a statement nor a list with 400', async () => {
    expect((await post('completed')).status).toBe(400);
    expect((await post([])).status).toBe(400);
  });
});
