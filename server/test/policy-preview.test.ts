import { DEFAULT_POLICY, PartnerListSchema, PolicyPreviewSchema, ProblemSchema, TierPolicySchema, type Module } from '@siso/training-core';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExact } from '../../test-support/exact.ts';
import { partners } from '../src/db/schema.ts';
import { readSnapshot, trainingStates } from '../src/training/states.ts';
import { http } from './support/http.ts';
import { ManualClock, startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
let admin: string;
const clock = new ManualClock();
beforeAll(async () => {
  server = await startTestServer({}, { clock });
  request = http(server.url);
  admin = await server.keyFor('admin');
});
afterAll(() => server?.close());

const { version: _, ...policyInput } = DEFAULT_POLICY;
const preview = async (body: unknown, query = '') => {
  const res = await request('POST', `/v1/policy/preview${query}`, { token: admin, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parseExact(PolicyPreviewSchema, res.body);
};
// Gold asks for a performance of 75 (Platinum's 80 stays above it): Contoso (72) falls to Silver.
const stricterGold = {
  ...policyInput,
  tiers: policyInput.tiers.map((t) =>
    t.id === 'gold' ? { ...t, requirements: t.requirements.map((r) => (r.kind === 'performance' ? { ...r, score: 75 } : r)) } : t,
  ),
};
// Silver for two core modules and an hour: Northwind (2 of 5 core) rises.
const easierSilver = {
  ...policyInput,
  tiers: policyInput.tiers.map((t) =>
    t.id === 'silver'
      ? {
          ...t,
          requirements: [
            { kind: 'category_count', category: 'core', count: 2 },
            { kind: 'training_hours', hours: 1 },
          ],
        }
      : t,
  ),
};

describe('POST /v1/policy/preview', () => {
  it('answers what the candidate would do to every partner, writing nothing', async () => {
    const policyBefore = (await request('GET', '/v1/policy', { token: admin })).body;
    const partnersBefore = parseExact(PartnerListSchema, (await request('GET', '/v1/partners?limit=500', { token: admin })).body);
    const answer = await preview({ policy: stricterGold });
    expect(answer.now).toBe(clock.now().toISOString());
    expect(answer.policyVersion).toBe(policyBefore.version);
    expect(answer.issues).toEqual([]);
    expect(answer.summary!.partners).toBe(partnersBefore.partners.length);
    expect(answer.partners).toEqual([
      expect.objectContaining({
        partnerId: 'contoso',
        tier: { before: 'gold', after: 'silver' },
        move: 'down',
        currency: 'USD',
        reasons: [
          expect.objectContaining({
            code: 'requirement.performance',
            params: expect.objectContaining({ tier: 'gold', current: 72, target: 75 }),
          }),
        ],
      }),
    ]);
    const contoso = answer.partners[0]!;
    expect(contoso.rate.delta).toBeLessThan(0);
    expect(contoso.yearlyValue).toBe((1_250_000 * contoso.rate.delta) / 100);
    expect(answer.summary!.movedDown).toBe(1);
    // Contoso's Solution Architect certificate ends within the warning window, under either policy.
    expect(answer.summary!.atStake).toEqual({ before: 1, after: 1, entering: 0 });
    const gold = answer.summary!.tiers.find((t) => t.tier === 'gold')!;
    expect(gold.after.partners).toBe(gold.before.partners - 1);
    expect(answer.summary!.points.delta).toBe(contoso.rate.delta);
    expect(answer.summary!.yearly.find((y) => y.currency === 'USD')!.delta).toBe(contoso.yearlyValue);

    expect(parseExact(TierPolicySchema, (await request('GET', '/v1/policy', { token: admin })).body)).toEqual(policyBefore);
    expect(parseExact(PartnerListSchema, (await request('GET', '/v1/partners?limit=500', { token: admin })).body)).toEqual(partnersBefore);
  });

  it('gives the same answer for the same data, candidate and now', async () => {
    expect(await preview({ policy: easierSilver })).toEqual(await preview({ policy: easierSilver }));
  });

  it('names who moves up and the requirement in force that held them', async () => {
    const answer = await preview({ policy: easierSilver });
    expect(answer.partners.find((p) => p.partnerId === 'northwind')).toMatchObject({
      tier: { before: 'bronze', after: 'silver' },
      move: 'up',
      reasons: [
        { code: 'requirement.category_complete', params: expect.objectContaining({ tier: 'silver', current: 2, target: 5 }) },
        { code: 'requirement.training_hours', params: expect.objectContaining({ tier: 'silver', target: 6 }) },
      ],
    });
    expect(answer.summary!.movedUp).toBeGreaterThanOrEqual(1);
  });

  it('pages the affected partners with a cursor that keeps the first page’s now', async () => {
    const both = { ...stricterGold, tiers: stricterGold.tiers.map((t, i) => (t.id === 'silver' ? easierSilver.tiers[i]! : t)) };
    const all = await preview({ policy: both });
    expect(all.partners.length).toBeGreaterThanOrEqual(2);
    const first = await preview({ policy: both }, '?limit=1');
    expect(first.partners).toEqual([all.partners[0]]);
    expect(first.summary).toEqual(all.summary);
    expect(first.next).not.toBeNull();
    clock.advance({ days: 400 });
    try {
      const second = await preview({ policy: both }, `?limit=1&cursor=${first.next}`);
      expect(second.now).toBe(first.now);
      expect(second.summary).toBeNull();
      expect(second.partners).toEqual([all.partners[1]]);
    } finally {
      clock.advance({ days: -400 });
    }
    // The same candidate with its keys in another order continues; another candidate does not.
    const reordered = Object.fromEntries(Object.entries(both).reverse());
    expect((await preview({ policy: reordered }, `?limit=1&cursor=${first.next}`)).partners).toEqual([all.partners[1]]);
    const other = await request('POST', `/v1/policy/preview?limit=1&cursor=${first.next}`, {
      token: admin,
      body: { policy: stricterGold },
    });
    expect(other.status).toBe(400);
    expect(parseExact(ProblemSchema, other.body).errors).toEqual([
      expect.objectContaining({ pointer: '/cursor', code: 'cursor_mismatch' }),
    ]);
  });

  it('previews catalog changes: a new core module makes Silver’s “every core module” harder', async () => {
    const module: Module = {
      id: 'new-core',
      title: 'New core',
      summary: 'New.',
      category: 'core',
      estimatedMinutes: 30,
      material: { kind: 'link', url: 'https://learn.example.com/new-core' },
      prerequisites: ['no-such-module'],
      completion: 'self',
    };
    const answer = await preview({ catalog: { modules: [module] } });
    expect(answer.partners.find((p) => p.partnerId === 'contoso')).toMatchObject({
      move: 'down',
      tier: { after: 'bronze' },
      reasons: expect.arrayContaining([expect.objectContaining({ code: 'requirement.category_complete' })]),
    });
    expect(answer.issues).toEqual([
      {
        pointer: '/catalog/modules/new-core/prerequisites/0',
        code: 'catalog.unknown_module',
        params: { moduleId: 'no-such-module' },
        forceable: false,
      },
    ]);
    expect((await request('GET', '/v1/catalog', { token: admin })).body.modules.map((m: Module) => m.id)).not.toContain('new-core');
  });

  it('previews module removals: Silver’s “every core module” is met once the core modules Northwind lacks are gone', async () => {
    const coreOnlySilver = {
      ...policyInput,
      tiers: policyInput.tiers.map((t) =>
        t.id === 'silver' ? { ...t, requirements: [{ kind: 'category_complete', category: 'core' }] } : t,
      ),
    };
    const lacking = ['solution-selling', 'pricing-and-licensing', 'customer-onboarding'];
    const kept = await preview({ policy: coreOnlySilver });
    expect(kept.partners.map((p) => p.partnerId)).not.toContain('northwind');
    const removed = await preview({ policy: coreOnlySilver, catalog: { removeModules: lacking } });
    expect(removed.partners.find((p) => p.partnerId === 'northwind')).toMatchObject({
      move: 'up',
      tier: { before: 'bronze', after: 'silver' },
    });
    // What still names a removed module, as DELETE /v1/modules/{id} would refuse it.
    expect(removed.issues).toContainEqual({
      pointer: '/catalog/certifications/sales-foundation/requiredModules/2',
      code: 'catalog.unknown_module',
      params: { moduleId: 'solution-selling' },
      forceable: false,
    });
    expect(removed.issues).toContainEqual({
      pointer: '/catalog/modules/implementation-methodology/prerequisites/0',
      code: 'catalog.unknown_module',
      params: { moduleId: 'customer-onboarding' },
      forceable: false,
    });
    expect((await request('GET', '/v1/catalog', { token: admin })).body.modules.map((m: Module) => m.id)).toEqual(
      expect.arrayContaining(lacking),
    );
  });

  it('names the removal of a module the catalog does not have as an issue', async () => {
    const answer = await preview({ catalog: { removeModules: ['negotiation-skills', 'no-such-module'] } });
    expect(answer.issues).toEqual([
      { pointer: '/catalog/removeModules/1', code: 'catalog.unknown_module', params: { moduleId: 'no-such-module' }, forceable: false },
    ]);
  });

  it('lists what a write would refuse, forceable or not', async () => {
    const answer = await preview({ policy: { ...policyInput, baseRate: 50, cap: 100, tiers: policyInput.tiers.slice(1) } });
    expect(answer.issues).toEqual([
      { pointer: '/policy/tiers/0/requirements', code: 'policy.no_entry_tier', params: { tier: 'silver' }, forceable: false },
      { pointer: '/policy/baseRate', code: 'policy.base_rate_high', params: { baseRate: 50, max: 25 }, forceable: true },
    ]);
  });

  it('refuses bad input with a 400 problem', async () => {
    for (const [query, body] of [
      ['?cursor=bm9wZQ', {}],
      ['?limit=0', {}],
      ['', { policy: { ...policyInput, version: 3 } }],
      ['', { colour: 'gold' }],
      ['', { catalog: { modules: [{ id: 'x' }] } }],
      ['', { catalog: { removeModules: ['Not an id!'] } }],
    ] as const) {
      const res = await request('POST', `/v1/policy/preview${query}`, { token: admin, body });
      expect(res.status, `${query} ${JSON.stringify(body)}`).toBe(400);
      parseExact(ProblemSchema, res.body);
    }
  });

  it('refuses a module both removed and defined (400), naming the removal', async () => {
    const catalog = (await request('GET', '/v1/catalog', { token: admin })).body as { modules: Module[] };
    const electives = catalog.modules.filter((m) => m.category === 'elective');
    const res = await request('POST', '/v1/policy/preview', {
      token: admin,
      body: { catalog: { modules: electives, removeModules: [electives[1]!.id] } },
    });
    expect(res.status).toBe(400);
    expect(parseExact(ProblemSchema, res.body).errors).toEqual([
      expect.objectContaining({ pointer: '/catalog/removeModules/0', code: 'removed_and_defined' }),
    ]);
  });

  it('reads every partner as of one instant: a write committed between two of its pages is not seen', async () => {
    const { db, kind } = server.database;
    const ids = (await db.select({ id: partners.id }).from(partners).orderBy(asc(partners.id))).map((r) => r.id);
    // Pages of one partner, read one ahead: the third page is asked for only after the first is in hand.
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const last = ids.at(-1)!;
    const [{ name } = { name: '' }] = await db.select({ name: partners.name }).from(partners).where(eq(partners.id, last));
    let write: Promise<unknown> | undefined;
    const seen = await readSnapshot(db, async (tx) => {
      const names = new Map<string, string>();
      for await (const page of trainingStates(tx, { pageSize: 1, concurrency: 1 })) {
        for (const state of page) names.set(state.partner.id, state.partner.name);
        if (write) continue;
        write = db.update(partners).set({ name: 'Renamed meanwhile' }).where(eq(partners.id, last)).execute();
        // PostgreSQL commits it before the next page is read; the embedded database holds it until the snapshot ends.
        if (kind === 'postgres') await write;
      }
      return names;
    });
    await write;
    expect([...seen.keys()]).toEqual(ids);
    expect(seen.get(last)).toBe(name);
    const [after] = await db.select({ name: partners.name }).from(partners).where(eq(partners.id, last));
    expect(after?.name).toBe('Renamed meanwhile');
    await db.update(partners).set({ name }).where(eq(partners.id, last));
  });
});
