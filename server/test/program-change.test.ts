// A policy change over HTTP: PUT /v1/policy answers at once, every partner is then re-evaluated
// in batches that stream their events, a change whose node died is finished by another from its
// cursor (each partner once), and a second change while one runs is refused.
import {
  ProgramChangeResponseSchema,
  CatalogUpdateResponseSchema,
  DEFAULT_POLICY,
  PartnerListSchema,
  ProgramChangeSchema,
  PolicyUpdateResponseSchema,
  ProblemSchema,
  TierPolicySchema,
  type TierPolicy,
} from '@siso/training-core';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateIssuer } from '../src/certificates/issuer.ts';
import { openCertificateSigner } from '../src/certificates/keys.ts';
import { evaluationHistory, partners, programChanges, policyVersions } from '../src/db/schema.ts';
import { createProgramChange, readProgramChange, runProgramChange } from '../src/training/program-change.ts';
import { bumpProgramRevision, lockProgram } from '../src/training/program.ts';
import { transaction, type WriteContext } from '../src/training/write.ts';
import { parseExact } from '../../test-support/exact.ts';
import { TestStream } from './live/sse-client.ts';
import { http } from './support/http.ts';
import { applyPolicy, changeDone } from './support/program-change.ts';
import { ManualClock, startTestServer, type TestServer } from './support/test-server.ts';

const LEASE_SECONDS = 30;
const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
let server: TestServer;
let request: ReturnType<typeof http>;
let admin: string;
let portal: string;
beforeAll(async () => {
  // Batches of 3 partners, so a change takes several; no timer looks for abandoned changes, the
  // tests ask (`resumeProgramChanges`) after moving the clock.
  server = await startTestServer({ PROGRAM_CHANGE_BATCH_SIZE: '3', PROGRAM_CHANGE_CHECK_SECONDS: '0' }, { clock });
  request = http(server.url);
  admin = await server.keyFor('admin');
  portal = await server.keyFor('portal');
});
afterAll(() => server?.close());

const current = async () => parseExact(TierPolicySchema, (await request('GET', '/v1/policy', { token: admin })).body);
const inputOf = ({ version: _, ...input }: TierPolicy) => input;
const lateModule = {
  id: 'late-addition',
  title: 'Late addition',
  summary: 'Added while a change ran.',
  category: 'elective',
  estimatedMinutes: 20,
  material: { kind: 'link', url: 'https://learn.example.com/late-addition' },
  prerequisites: [],
  completion: 'self',
};
/** Takes the module out again, and follows its change to the end, so the next test starts with none running. */
async function removeLateModule() {
  const res = await request('DELETE', '/v1/modules/late-addition', { token: admin });
  expect(res.status).toBe(200);
  await changeDone(request, admin, parseExact(ProgramChangeResponseSchema, res.body).change.href);
}
const partnerTiers = async () =>
  new Map(
    parseExact(PartnerListSchema, (await request('GET', '/v1/partners?limit=500', { token: portal })).body).partners.map((p) => [
      p.partner.id,
      p.partner.tier,
    ]),
  );

describe('PUT /v1/policy applies at scale', () => {
  it('answers at once (202, Location, nothing done yet); the change then reaches done, counting whom it moved', async () => {
    const before = await partnerTiers();
    const policy = await current();
    // Silver asks only for an hour of training (some move up), gold for platinum's performance
    // score (some move down).
    const reshaped = {
      ...inputOf(policy),
      tiers: policy.tiers.map((t) =>
        t.id === 'silver'
          ? { ...t, requirements: [{ kind: 'training_hours' as const, hours: 1 }] }
          : t.id === 'gold'
            ? { ...t, requirements: t.requirements.map((r) => (r.kind === 'performance' ? { ...r, score: 80 } : r)) }
            : t,
      ),
    };
    const res = await request('PUT', '/v1/policy', { token: admin, body: reshaped });
    expect(res.status).toBe(202);
    const { policy: stored, change: accepted } = parseExact(PolicyUpdateResponseSchema, res.body);
    expect(stored.version).toBe(policy.version + 1);
    expect(res.headers.get('location')).toBe(accepted.href);
    expect(accepted).toMatchObject({
      policyVersion: stored.version,
      state: 'running',
      pass: 1,
      total: before.size,
      done: 0,
      remaining: before.size,
      finishedAt: null,
      startedAt: clock.now().toISOString(),
    });
    expect(accepted.href).toBe(`/v1/changes/${accepted.id}`);

    const done = await changeDone(request, admin, accepted.href);
    const after = await partnerTiers();
    const rank = (tier: string | undefined) => policy.tiers.findIndex((t) => t.id === tier);
    const moves = [...before].map(([id, tier]) => Math.sign(rank(after.get(id)) - rank(tier)));
    expect(moves.filter((m) => m > 0).length).toBeGreaterThan(0);
    expect(moves.filter((m) => m < 0).length).toBeGreaterThan(0);
    expect(done).toMatchObject({
      state: 'done',
      done: before.size,
      remaining: 0,
      movedUp: moves.filter((m) => m > 0).length,
      movedDown: moves.filter((m) => m < 0).length,
      finishedAt: clock.now().toISOString(),
    });
    expect(done.changed).toBeGreaterThanOrEqual(done.movedDown);
    expect(done.events).toBeGreaterThan(0);
    await applyPolicy(request, admin, inputOf(policy));
  });

  it('streams each partner’s changes to its open widgets', async () => {
    const stream = await TestStream.open(server.url, { token: await server.tokenFor('contoso') });
    try {
      await stream.until((s) => s.messages.some((m) => m.event === 'snapshot'));
      const policy = await current();
      const { change } = await applyPolicy(request, admin, { ...inputOf(policy), baseRate: policy.baseRate + 1 });
      expect(change.changed).toBe(change.total);
      await stream.until((s) => s.events.some((e) => e.type === 'commission.changed'));
      const event = stream.events.find((e) => e.type === 'commission.changed')!;
      expect(event.data).toMatchObject({ evaluation: { policyVersion: policy.version + 1 } });
    } finally {
      stream.close();
    }
  });

  it('refuses bad change ids (400) and unknown ones (404) as problem+json', async () => {
    for (const id of ['abc', '0', '1.5', '-1', '99999999999']) {
      const res = await request('GET', `/v1/changes/${id}`, { token: admin });
      expect(res.status, id).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const missing = await request('GET', '/v1/changes/99999', { token: admin });
    expect(missing.status).toBe(404);
    expect(parseExact(ProblemSchema, missing.body).detail).toBe('No program change 99999.');
  });
});

describe('a node that dies mid-change', () => {
  /** What the node that died had done: stored the version and its change, then one batch. */
  async function diedAfterOneBatch(policy: TierPolicy) {
    const ctx: WriteContext = {
      db: server.database.db,
      bus: server.bus,
      publicUrl: () => server.url,
      certificates: new CertificateIssuer({
        signer: await openCertificateSigner({ db: server.database.db, configured: undefined }),
        issuerName: 'test',
      }),
      clock,
    };
    const lease = { owner: 'node-that-died', leaseMs: LEASE_SECONDS * 1000 };
    const change = await transaction(server.database.db, async (tx) => {
      await lockProgram(tx);
      await tx.insert(policyVersions).values({ version: policy.version, policy });
      await bumpProgramRevision(tx);
      return createProgramChange(tx, { policyVersion: policy.version, cause: 'policy', ...lease, now: clock.now() });
    });
    expect(await runProgramChange(ctx, { id: change.id, batchSize: 3, ...lease, stopped: () => true })).toBe('more');
    return change.id;
  }

  it('leaves the rest to another node once its lease runs out, each partner re-evaluated once; meanwhile a second change is a 409', async () => {
    const policy = await current();
    const next = { ...policy, version: policy.version + 1, baseRate: policy.baseRate + 3 };
    const id = await diedAfterOneBatch(next);
    const href = `/v1/changes/${id}`;
    const total = (await server.database.db.select({ n: count() }).from(partners))[0]!.n;

    // Its lease still holds: nobody takes it over, and the change says how far it got.
    await server.resumeProgramChanges();
    const held = parseExact(ProgramChangeSchema, (await request('GET', href, { token: portal })).body);
    expect(held).toMatchObject({ state: 'running', done: 3, remaining: total - 3 });
    expect((await readProgramChange(server.database.db, id))!.owner).toBe('node-that-died');

    const second = await request('PUT', '/v1/policy', { token: admin, body: { ...inputOf(policy), baseRate: policy.baseRate + 4 } });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe('application/problem+json');
    const problem = parseExact(ProblemSchema, second.body);
    expect(problem.type).toMatch(/program-change-running$/);
    expect(problem.detail).toContain(href);
    expect((await current()).version).toBe(next.version);

    clock.advance({ seconds: LEASE_SECONDS + 1 });
    await server.resumeProgramChanges();
    const done = parseExact(ProgramChangeSchema, (await request('GET', href, { token: portal })).body);
    expect(done).toMatchObject({ state: 'done', done: total, remaining: 0, changed: total });
    // Every partner evaluated under the new version exactly once: one history line each.
    const lines = await server.database.db
      .select({ partnerId: evaluationHistory.partnerId, n: count() })
      .from(evaluationHistory)
      .where(eq(evaluationHistory.policyVersion, next.version))
      .groupBy(evaluationHistory.partnerId);
    expect(lines).toHaveLength(total);
    expect(lines.every((l) => l.n === 1)).toBe(true);
    const [row] = await server.database.db
      .select({ stale: sql<number>`count(*) filter (where ${partners.policyVersion} <> ${next.version})::int` })
      .from(partners);
    expect(row!.stale).toBe(0);
    expect(await server.database.db.select({ owner: programChanges.owner }).from(programChanges).where(eq(programChanges.id, id))).toEqual([
      { owner: null },
    ]);

    // Done, the next change goes through.
    await applyPolicy(request, admin, inputOf(DEFAULT_POLICY));
  });
  it('makes a running change go over every partner once more when the catalog changes meanwhile', async () => {
    const policy = await current();
    const id = await diedAfterOneBatch({ ...policy, version: policy.version + 1, baseRate: policy.baseRate + 1 });
    const href = `/v1/changes/${id}`;
    const total = (await server.database.db.select({ n: count() }).from(partners))[0]!.n;
    const written = clock.now();

    // Not refused: the change under way takes it on, and says so by its id.
    const res = await request('PUT', '/v1/modules/late-addition', { token: admin, body: lateModule });
    expect(res.status).toBe(201);
    expect(parseExact(CatalogUpdateResponseSchema, res.body).change).toMatchObject({
      id,
      cause: 'policy',
      state: 'running',
      pass: 1,
      done: 3,
    });

    clock.advance({ seconds: LEASE_SECONDS + 1 });
    await server.resumeProgramChanges();
    const done = parseExact(ProgramChangeSchema, (await request('GET', href, { token: admin })).body);
    expect(done).toMatchObject({ state: 'done', pass: 2, total, done: total, remaining: 0 });
    // The partners of the batch before the write were evaluated again after it, like every other.
    const [row] = await server.database.db
      .select({ before: sql<number>`count(*) filter (where ${partners.evaluatedAt} <= ${written})::int` })
      .from(partners);
    expect(row!.before).toBe(0);
    await removeLateModule();
  });

  it('answers a catalog write at once with a change of its own when none runs', async () => {
    const res = await request('PUT', '/v1/modules/late-addition', { token: admin, body: lateModule });
    expect(res.status).toBe(201);
    const { change } = parseExact(CatalogUpdateResponseSchema, res.body);
    expect(change).toMatchObject({ cause: 'catalog', policyVersion: (await current()).version });
    expect(await changeDone(request, admin, change.href)).toMatchObject({ state: 'done', remaining: 0 });
    await removeLateModule();
  });
});
