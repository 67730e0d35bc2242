// Issue 17, over HTTP against the real server: xAPI statements applied exactly once by their
// UUID (any case), a different statement under a used id answered as xAPI says, verbs' results
// and durations respected, occurrence times bounded by the server's clock, and one bad item —
// whatever makes it bad, a refusal by the database included — one refused item.
import { IngestResponseSchema, OCCURRENCE_EPOCH, XapiResponseSchema, type ItemResult } from '@siso/training-core';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExact } from '../../test-support/exact.ts';
import { http } from './support/http.ts';
import { ManualClock, startTestServer, type TestServer } from './support/test-server.ts';

const RUNS = process.env.CI ? 200 : 40;
const NOW = new Date('2026-06-01T12:00:00.000Z');
const clock = new ManualClock(NOW);

let server: TestServer;
let request: ReturnType<typeof http>;
let training: string;
let portal: string;
beforeAll(async () => {
  server = await startTestServer({}, { clock });
  request = http(server.url);
  training = await server.keyFor('training');
  portal = await server.keyFor('portal');
});
afterAll(() => server?.close());

let partners = 0;
/** A partner of its own for each test: what one test applies cannot move another's figures. */
async function newPartner(): Promise<string> {
  const id = `hardening-${(partners += 1)}`;
  const res = await request('PUT', `/v1/partners/${id}`, { token: portal, body: { name: `Partner ${id}`, performanceScore: 50 } });
  expect(res.status).toBe(201);
  return id;
}

async function progressOf(partnerId: string, moduleId: string) {
  const res = await request('GET', '/v1/me/training', { token: await server.tokenFor(partnerId) });
  expect(res.status).toBe(200);
  return res.body.modules.find((m: { id: string }) => m.id === moduleId).progress as {
    status: string;
    timeSpentSeconds: number;
    score: number | null;
  };
}

async function certificatesOf(partnerId: string): Promise<unknown[]> {
  const res = await request('GET', '/v1/me/training', { token: await server.tokenFor(partnerId) });
  return res.body.certificates;
}

let uuids = 0;
/** A fresh RFC 9562 (version 4) UUID, deterministic per test run. */
const uuid = () => `6f1c0b6e-${(uuids += 1).toString(16).padStart(4, '0')}-4a5b-8c6d-0123456789ab`;

const activity = (moduleId: string) => `${server.config.xapiActivityBase}${moduleId}`;
function statement(partnerId: string, verb: string, extra: Record<string, unknown> = {}) {
  return {
    id: uuid(),
    actor: { objectType: 'Agent', account: { homePage: 'https://portal.example.com', name: partnerId } },
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { id: activity('product-fundamentals'), objectType: 'Activity' },
    ...extra,
  };
}
const postStatements = (body: unknown) =>
  request('POST', '/v1/xapi/statements', { token: training, body, headers: { 'x-experience-api-version': '1.0.3' } });
const codes = (results: ItemResult[]) => results.map((r) => r.reason?.code ?? r.status);

async function ingest(events: object[]) {
  const res = await server.ingest(training, events);
  expect(res.status).toBe(200);
  return parseExact(IngestResponseSchema, await res.json());
}
let eventIds = 0;
const started = (partnerId: string, occurredAt: string, id = `hardening-event-${(eventIds += 1)}`) => ({
  id,
  type: 'module.started',
  partnerId,
  moduleId: 'product-fundamentals',
  occurredAt,
});

describe('xAPI identity: a statement id is a UUID, compared in any case', () => {
  it('applies a statement once when it comes again with its id in upper case (time spent counted once)', async () => {
    const partner = await newPartner();
    const s = statement(partner, 'progressed', { result: { duration: 'PT30M' } });
    const first = parseExact(XapiResponseSchema, (await postStatements(s)).body);
    expect(first.results).toEqual([{ id: s.id, status: 'applied' }]);
    const again = await postStatements({ ...s, id: s.id.toUpperCase() });
    expect(again.status).toBe(200);
    // Answered by its canonical (lower-case) id.
    expect(parseExact(XapiResponseSchema, again.body)).toEqual({ ids: [s.id], results: [{ id: s.id, status: 'duplicate' }] });
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(1800);
  });

  it('stores the id in lower case when it first comes in upper case', async () => {
    const partner = await newPartner();
    const s = statement(partner, 'progressed', { result: { duration: 'PT10M' } });
    const upper = await postStatements({ ...s, id: s.id.toUpperCase() });
    expect(upper.body.results).toEqual([{ id: s.id, status: 'applied' }]);
    expect((await postStatements(s)).body.results).toEqual([{ id: s.id, status: 'duplicate' }]);
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(600);
  });

  it('answers a statement the same in what xAPI does not compare (timestamp, display, definition) as a duplicate', async () => {
    const partner = await newPartner();
    const s = statement(partner, 'progressed', { result: { duration: 'PT5M' }, timestamp: '2026-06-01T11:00:00Z' });
    await postStatements(s);
    const same = {
      ...s,
      timestamp: '2026-06-01T13:00:00+02:00',
      verb: { id: s.verb.id, display: { 'de-DE': 'fortgeschritten' } },
      object: { id: s.object.id, definition: { name: { 'en-US': 'Product fundamentals' } } },
    };
    expect((await postStatements(same)).body.results).toEqual([{ id: s.id, status: 'duplicate' }]);
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(300);
  });

  it('answers a single statement that differs from the one stored under its id 409, changing nothing', async () => {
    const partner = await newPartner();
    const s = statement(partner, 'progressed', { result: { duration: 'PT5M' } });
    await postStatements(s);
    const other = await postStatements({ ...s, id: s.id.toUpperCase(), result: { duration: 'PT5H' } });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toBe('application/problem+json');
    expect(other.body).toMatchObject({
      status: 409,
      type: expect.stringMatching(/statement-conflict$/),
      detail: expect.stringContaining(s.id),
    });
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(300);
  });

  it('in a batch, refuses the conflicting statement per item and applies the rest', async () => {
    const partner = await newPartner();
    const s = statement(partner, 'progressed', { result: { duration: 'PT5M' } });
    await postStatements(s);
    const fresh = statement(partner, 'progressed', { result: { duration: 'PT1M' } });
    const res = await postStatements([{ ...s, result: { duration: 'PT5H' } }, fresh]);
    expect(res.status).toBe(200);
    const body = parseExact(XapiResponseSchema, res.body);
    expect(codes(body.results)).toEqual(['conflict', 'applied']);
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(360);
  });

  it('within one batch: the same id again is a duplicate when the same, a conflict when not', async () => {
    const partner = await newPartner();
    const s = statement(partner, 'progressed', { result: { duration: 'PT2M' } });
    const res = await postStatements([s, { ...s, id: s.id.toUpperCase() }, { ...s, result: { duration: 'PT3M' } }]);
    expect(codes(res.body.results)).toEqual(['applied', 'duplicate', 'conflict']);
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(120);
  });
});

describe('xAPI meaning: results, durations and the specification’s formats respected', () => {
  it.each([
    ['completed', { completion: false }],
    ['passed', { success: false, score: { scaled: 0.2 } }],
    ['failed', { success: true }],
  ])('refuses "%s" with a result saying the opposite (%j): the module is not completed', async (verb, result) => {
    const partner = await newPartner();
    const res = await postStatements([statement(partner, verb, { result }), statement(partner, 'launched')]);
    expect(res.status).toBe(200);
    expect(codes(res.body.results)).toEqual(['result_contradicts_verb', 'applied']);
    expect(await progressOf(partner, 'product-fundamentals')).toMatchObject({ status: 'in_progress', score: null });
  });

  it('still completes on "completed" with completion true and "passed" with success true', async () => {
    const partner = await newPartner();
    const res = await postStatements(statement(partner, 'passed', { result: { success: true, completion: true, score: { scaled: 0.9 } } }));
    expect(codes(res.body.results)).toEqual(['applied']);
    expect(await progressOf(partner, 'product-fundamentals')).toMatchObject({ status: 'completed', score: 90 });
  });

  it('counts at most a day per statement: P9999Y and PT25H are refused, PT24H counts', async () => {
    const partner = await newPartner();
    const res = await postStatements([
      statement(partner, 'progressed', { result: { duration: 'P9999Y' } }),
      statement(partner, 'progressed', { result: { duration: 'PT25H' } }),
      statement(partner, 'progressed', { result: { duration: 'PT24H' } }),
    ]);
    expect(codes(res.body.results)).toEqual(['duration_out_of_range', 'duration_out_of_range', 'applied']);
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(86_400);
  });

  it('refuses per statement an empty homePage, an empty display string, a verb id that is no IRI, a prototype key', async () => {
    const partner = await newPartner();
    const good = statement(partner, 'launched');
    const bad = [
      { ...statement(partner, 'completed'), actor: { account: { homePage: '', name: partner } } },
      { ...statement(partner, 'completed'), verb: { id: 'http://adlnet.gov/expapi/verbs/completed', display: { 'en-US': '' } } },
      { ...statement(partner, 'completed'), verb: { id: 'a\r\nX-Injected: 1' } },
      { ...statement(partner, 'completed'), object: { id: 'product-fundamentals' } },
    ];
    const raw = `[${[...bad, good].map((s) => JSON.stringify(s)).join(',')},${JSON.stringify(statement(partner, 'completed')).replace(/^\{/, '{"__proto__":{},')}]`;
    const res = await request('POST', '/v1/xapi/statements', { token: training, raw });
    expect(res.status).toBe(200);
    expect(codes(res.body.results)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'applied', 'invalid']);
    expect(res.body.results[0].reason.detail).toMatch(/\/0\/actor\/account\/homePage/);
    expect(res.body.results[1].reason.detail).toMatch(/\/1\/verb\/display\/en-US/);
    expect(res.body.results[2].reason.detail).toMatch(/\/2\/verb\/id/);
    expect((await progressOf(partner, 'product-fundamentals')).status).toBe('in_progress');
  });
});

describe('occurrence times bounded by the server clock: epoch ≤ occurredAt ≤ now + tolerance', () => {
  const tolerance = () => server.config.ingestToleranceSeconds;
  const at = (ms: number) => new Date(ms).toISOString();

  it('refuses per event a time past now plus the tolerance or before the epoch, applying the rest', async () => {
    const partner = await newPartner();
    const now = clock.now().getTime();
    const epoch = Date.parse(OCCURRENCE_EPOCH);
    const body = await ingest([
      started(partner, at(now + tolerance() * 1000 + 1)),
      started(partner, '2099-01-01T00:00:00Z'),
      started(partner, at(epoch - 1)),
      started(partner, '1970-01-01T00:00:00Z'),
      started(partner, at(now + tolerance() * 1000)),
      started(partner, at(epoch)),
      {
        id: 'hardening-cert-future',
        type: 'certification.earned',
        partnerId: partner,
        certificationId: 'solution-architect',
        occurredAt: '2099-01-01T00:00:00Z',
      },
    ]);
    expect(codes(body.results)).toEqual([
      'occurred_in_future',
      'occurred_in_future',
      'occurred_before_epoch',
      'occurred_before_epoch',
      'applied',
      'applied',
      'occurred_in_future',
    ]);
    expect(body.results[0]!.reason!.detail).toContain(`plus ${tolerance()} s`);
    expect(body.results[2]!.reason!.detail).toContain(OCCURRENCE_EPOCH);
    expect(await certificatesOf(partner)).toEqual([]);
  });

  it('refuses per statement a timestamp outside the bounds, an ignored statement too', async () => {
    const partner = await newPartner();
    const res = await postStatements([
      statement(partner, 'completed', { timestamp: '2099-01-01T00:00:00Z' }),
      statement(partner, 'attempted', { timestamp: '2099-01-01T00:00:00Z' }),
      statement(partner, 'completed', { timestamp: '1970-01-01T00:00:00Z' }),
      statement(partner, 'launched', { timestamp: at(clock.now().getTime() - 60_000) }),
    ]);
    expect(codes(res.body.results)).toEqual(['occurred_in_future', 'occurred_in_future', 'occurred_before_epoch', 'applied']);
    expect((await progressOf(partner, 'product-fundamentals')).status).toBe('in_progress');
  });

  it('judges by the server’s clock, not the machine’s', async () => {
    const partner = await newPartner();
    const id = 'hardening-moved-clock';
    const later = new Date('2031-03-01T00:00:00.000Z');
    expect(codes((await ingest([started(partner, later.toISOString(), id)])).results)).toEqual(['occurred_in_future']);
    clock.set(later);
    try {
      // Refused items leave no trace: the same event is applied once its time has come.
      expect(codes((await ingest([started(partner, later.toISOString(), id)])).results)).toEqual(['applied']);
    } finally {
      clock.set(NOW);
    }
  });
});

describe('one bad item is one refused item, a refusal by the database included', () => {
  // The database refuses rows as a trigger tells it: by SQLSTATE class, an item's data (22), the
  // connection (08, an outage) or neither (XX, a fault of ours).
  beforeAll(async () => {
    await server.database.db.execute(
      sql.raw(`create or replace function hardening_refuse() returns trigger language plpgsql as $$
        begin
          if new.item_id like 'refuse-data-%' or new.type = 'https://siso.training/test/verbs/refused' then
            raise exception 'refused for the test' using errcode = '22023';
          elsif new.item_id like 'refuse-outage-%' then
            raise exception 'connection lost for the test' using errcode = '08006';
          elsif new.item_id like 'refuse-fault-%' then
            raise exception 'fault for the test' using errcode = 'XX000';
          end if;
          return new;
        end $$`),
    );
    await server.database.db.execute(
      sql.raw('create trigger hardening_refuse before insert on ingest_receipts for each row execute function hardening_refuse()'),
    );
  });
  afterAll(async () => {
    await server.database.db.execute(sql.raw('drop trigger if exists hardening_refuse on ingest_receipts'));
  });

  it('refuses the event the database will not store, and applies the rest of the batch', async () => {
    const partner = await newPartner();
    const now = clock.now().toISOString();
    const body = await ingest([
      started(partner, now),
      { ...started(partner, now), id: 'refuse-data-1' },
      { id: 'hardening-ok-2', type: 'module.completed', partnerId: partner, moduleId: 'solution-selling', occurredAt: now, score: 80 },
    ]);
    expect(codes(body.results)).toEqual(['applied', 'unstorable', 'applied']);
    expect(body.results[1]!.reason!.detail).toContain('22023');
    expect((await progressOf(partner, 'solution-selling')).status).toBe('completed');
    // Refused, so not stored: once the database takes it, it applies.
    await server.database.db.execute(sql.raw('alter table ingest_receipts disable trigger hardening_refuse'));
    try {
      expect(codes((await ingest([{ ...started(partner, now), id: 'refuse-data-1' }])).results)).toEqual(['applied']);
    } finally {
      await server.database.db.execute(sql.raw('alter table ingest_receipts enable trigger hardening_refuse'));
    }
  });

  it('refuses the statement the database will not store, and applies the rest', async () => {
    const partner = await newPartner();
    const refused = { ...statement(partner, 'launched'), verb: { id: 'https://siso.training/test/verbs/refused' } };
    const res = await postStatements([refused, statement(partner, 'progressed', { result: { duration: 'PT1M' } })]);
    expect(res.status).toBe(200);
    expect(codes(res.body.results)).toEqual(['unstorable', 'applied']);
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(60);
  });

  it('answers 503 for the database going away, refusing no item and applying none', async () => {
    const partner = await newPartner();
    const now = clock.now().toISOString();
    const good = started(partner, now);
    const res = await server.ingest(training, [good, { ...started(partner, now), id: 'refuse-outage-1' }]);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await progressOf(partner, 'product-fundamentals')).status).toBe('not_started');
    // Nothing of the batch was accepted: sent again, it applies.
    expect(codes((await ingest([good])).results)).toEqual(['applied']);
  });

  it('does not turn a fault that is not the item’s into refused items', async () => {
    const partner = await newPartner();
    const now = clock.now().toISOString();
    const res = await server.ingest(training, [started(partner, now), { ...started(partner, now), id: 'refuse-fault-1' }]);
    expect(res.status).toBe(500);
    expect((await progressOf(partner, 'product-fundamentals')).status).toBe('not_started');
  });
});

describe('properties', () => {
  it('a statement id in any mix of cases is one statement: applied once, answered by its lower-case id', async () => {
    const partner = await newPartner();
    const applied = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.uuid(),
        fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }),
        async (id, caseA, caseB) => {
          const cased = (mask: boolean[]) =>
            id
              .split('')
              .map((ch, i) => (mask[i] ? ch.toUpperCase() : ch.toLowerCase()))
              .join('');
          const s = { ...statement(partner, 'progressed', { result: { duration: 'PT1M' } }), id: cased(caseA) };
          const canonical = id.toLowerCase();
          const first = await postStatements(s);
          expect(first.body.results).toEqual([{ id: canonical, status: applied.has(canonical) ? 'duplicate' : 'applied' }]);
          applied.add(canonical);
          const second = await postStatements({ ...s, id: cased(caseB) });
          expect(second.body).toEqual({ ids: [canonical], results: [{ id: canonical, status: 'duplicate' }] });
        },
      ),
      { numRuns: RUNS },
    );
    expect((await progressOf(partner, 'product-fundamentals')).timeSpentSeconds).toBe(60 * applied.size);
  });

  it('an occurrence time is applied within [epoch, now + tolerance] and refused outside it, naming the bound', async () => {
    const partner = await newPartner();
    const now = clock.now().getTime();
    const latest = now + server.config.ingestToleranceSeconds * 1000;
    const epoch = Date.parse(OCCURRENCE_EPOCH);
    const edges = fc.constantFrom(epoch - 1, epoch, latest, latest + 1, 0, now);
    const anyTime = fc.integer({ min: Date.parse('1000-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59Z') });
    const expected = (ms: number) => (ms > latest ? 'occurred_in_future' : ms < epoch ? 'occurred_before_epoch' : 'applied');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(edges, anyTime), { minLength: 1, maxLength: 8 }), fc.boolean(), async (times, asStatements) => {
        if (asStatements) {
          const res = await postStatements(times.map((ms) => statement(partner, 'launched', { timestamp: new Date(ms).toISOString() })));
          expect(codes(res.body.results)).toEqual(times.map(expected));
        } else {
          const body = await ingest(times.map((ms) => started(partner, new Date(ms).toISOString())));
          expect(codes(body.results)).toEqual(times.map(expected));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a body of any other media type is 415 on both ingestion routes, applying nothing', async () => {
    const partner = await newPartner();
    const mediaType = fc.oneof(
      fc.constantFrom(
        'text/plain',
        'text/plain;charset=utf-8',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/json',
        'application/xml',
        'jsonx/application',
      ),
      fc.stringMatching(/^[a-z]{1,12}\/[a-z0-9.+-]{1,24}$/).filter((t) => !/^application\/([a-z.+-]*\+)?json$/.test(t)),
    );
    await fc.assert(
      fc.asyncProperty(mediaType, async (type) => {
        const events = JSON.stringify({ events: [started(partner, clock.now().toISOString())] });
        const signed = await request('POST', '/v1/ingest/events', {
          token: training,
          raw: events,
          headers: { 'content-type': type, 'siso-signature': server.sign(events) },
        });
        expect(signed.status).toBe(415);
        expect(signed.headers.get('content-type')).toBe('application/problem+json');
        const xapi = await request('POST', '/v1/xapi/statements', {
          token: training,
          raw: JSON.stringify(statement(partner, 'launched')),
          headers: { 'content-type': type },
        });
        expect(xapi.status).toBe(415);
      }),
      { numRuns: RUNS },
    );
    expect((await progressOf(partner, 'product-fundamentals')).status).toBe('not_started');
  });
});
