import {
  ProgramChangeResponseSchema,
  CatalogUpdateResponseSchema,
  DEFAULT_CATALOG,
  DEFAULT_POLICY,
  PartnerDetailSchema,
  PartnerListSchema,
  TierPolicySchema,
  TrainingSnapshotSchema,
  type Module,
} from '@siso/training-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWidgetToken, WidgetTokenKeys } from '../src/auth/widget-token.ts';
import { evaluationHistory, events } from '../src/db/schema.ts';
import { http } from './support/http.ts';
import { applyPolicy, changeDone } from './support/program-change.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { parseExact } from '../../test-support/exact.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
let portal: string;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  portal = await server.keyFor('portal');
  admin = await server.keyFor('admin');
});
afterAll(() => server?.close());

const { version: _, ...policyInput } = DEFAULT_POLICY;

// Each test starts from whatever the others left (they share the server, and run in any order):
// it reads what it depends on first and makes what it needs itself.

/** The stored policy now, and without its version: what a PUT takes. */
async function currentPolicy() {
  const { version, ...input } = parseExact(TierPolicySchema, (await request('GET', '/v1/policy', { token: portal })).body);
  return { version, input };
}

describe('POST /v1/widget-tokens', () => {
  it('mints a token for an existing partner that reaches /v1/me', async () => {
    const res = await request('POST', '/v1/widget-tokens', { token: portal, body: { partnerId: 'contoso', ttlSeconds: 120 } });
    expect(res.status).toBe(201);
    const verified = await verifyWidgetToken(new WidgetTokenKeys(server.config.widgetTokenSecrets), res.body.token, new Date());
    expect(verified.partnerId).toBe('contoso');
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
    const me = await request('GET', '/v1/me/training', { token: res.body.token });
    expect(me.body.partner.id).toBe('contoso');
  });

  it('refuses an unknown partner (404), a ttl over 900 s and unknown fields (400)', async () => {
    expect((await request('POST', '/v1/widget-tokens', { token: portal, body: { partnerId: 'nobody' } })).status).toBe(404);
    const long = await request('POST', '/v1/widget-tokens', { token: portal, body: { partnerId: 'contoso', ttlSeconds: 901 } });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([expect.objectContaining({ pointer: '/ttlSeconds', code: 'too_big' })]);
    const extra = await request('POST', '/v1/widget-tokens', { token: portal, body: { partnerId: 'contoso', scope: 'all' } });
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].code).toBe('unrecognized_keys');
  });
});

describe('partners', () => {
  it('creates, updates and lists partners with their figures; performance re-evaluates the tier', async () => {
    const created = await request('PUT', '/v1/partners/acme', {
      token: portal,
      body: { name: 'Acme', performanceScore: 40, trailingRevenue: 100000, currency: 'EUR' },
    });
    expect(created.status).toBe(201);
    // Bronze earns the base rate, whichever policy an earlier test stored.
    expect(parseExact(PartnerDetailSchema, created.body)).toMatchObject({
      partner: { id: 'acme', tier: 'bronze' },
      rate: (await currentPolicy()).input.baseRate,
    });
    const updated = await request('PUT', '/v1/partners/acme', {
      token: portal,
      body: { name: 'Acme Corp', performanceScore: 90, trailingRevenue: null, currency: null },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.partner).toEqual({ id: 'acme', name: 'Acme Corp', tier: 'bronze', performanceScore: 90 });
    const detail = await request('GET', '/v1/partners/acme', { token: admin });
    expect(detail.body.evaluation.facts.performanceScore).toBe(90);
    const page = parseExact(PartnerListSchema, (await request('GET', '/v1/partners?limit=2', { token: portal })).body);
    expect(page.partners).toHaveLength(2);
    expect(page.next).toBe(page.partners[1]!.partner.id);
    const rest = parseExact(PartnerListSchema, (await request('GET', `/v1/partners?after=${page.next}&limit=500`, { token: portal })).body);
    expect(rest.partners.map((p) => p.partner.id)).not.toContain(page.partners[0]!.partner.id);
    expect((await request('GET', '/v1/partners?limit=0', { token: portal })).status).toBe(400);
    expect((await request('GET', '/v1/partners?bogus=1', { token: portal })).status).toBe(400);
  });

  it('refuses invalid records field by field', async () => {
    const res = await request('PUT', '/v1/partners/acme', {
      token: portal,
      body: { name: '', performanceScore: 101, currency: 'euro', tier: 'gold' },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/performanceScore', '/currency']));
    expect((await request('PUT', '/v1/partners/Not%20An%20Id', { token: portal, body: { name: 'x', performanceScore: 1 } })).status).toBe(
      400,
    );
  });

  it('reads any partner’s training and triggers an evaluation', async () => {
    const training = await request('GET', '/v1/partners/contoso/training', { token: portal });
    expect(training.status).toBe(200);
    expect(training.body.partner.id).toBe('contoso');
    const evaluated = await request('POST', '/v1/partners/contoso/evaluate', { token: portal });
    expect(evaluated.status).toBe(200);
    expect(evaluated.body.evaluation.tier).toBe(training.body.evaluation.tier);
    expect((await request('POST', '/v1/partners/nobody/evaluate', { token: portal })).status).toBe(404);
    const run = await request('POST', '/v1/evaluations', { token: admin });
    expect(run.status).toBe(202);
    const { change } = parseExact(ProgramChangeResponseSchema, run.body);
    expect(run.headers.get('location')).toBe(change.href);
    expect(change.cause).toBe('evaluation');
    const all = parseExact(PartnerListSchema, (await request('GET', '/v1/partners?limit=500', { token: portal })).body).partners;
    expect(await changeDone(request, admin, change.href)).toMatchObject({ state: 'done', done: all.length, remaining: 0 });
  });
});

/** An elective the partner marks done: the smallest module definition the catalog takes. */
const selfModule = (id: string, title: string): Module => ({
  id,
  title,
  summary: `${title}.`,
  category: 'elective',
  estimatedMinutes: 30,
  material: { kind: 'link', url: `https://learn.example.com/${id}` },
  prerequisites: [],
  completion: 'self',
});

describe('catalog and policy', () => {
  const modulesTotal = async () =>
    parseExact(TrainingSnapshotSchema, (await request('GET', '/v1/me/training', { token: await server.tokenFor('fabrikam') })).body).summary
      .modulesTotal;

  it('serves the catalog and the policy, the seeded ones first', async () => {
    const catalog = await request('GET', '/v1/catalog', { token: portal });
    expect(catalog.body.modules.slice(0, DEFAULT_CATALOG.modules.length).map((m: Module) => m.id)).toEqual(
      DEFAULT_CATALOG.modules.map((m) => m.id),
    );
    const { version } = await currentPolicy();
    expect(version).toBeGreaterThanOrEqual(1);
    const seeded = parseExact(TierPolicySchema, (await request('GET', '/v1/policy/versions/1', { token: portal })).body);
    expect(seeded).toEqual(DEFAULT_POLICY);
  });

  it('stores a new policy version and re-evaluates every partner, streaming the changes', async () => {
    const before = (await request('GET', '/v1/partners/contoso/training', { token: admin })).body;
    const { version: was, input } = await currentPolicy();
    const richer = { ...input, baseRate: input.baseRate + 2 };
    const { policy, change } = await applyPolicy(request, admin, richer);
    expect(policy.version).toBe(was + 1);
    expect(change.changed).toBe(change.total);
    const after = (await request('GET', '/v1/partners/contoso/training', { token: admin })).body;
    expect(after.evaluation.policyVersion).toBe(was + 1);
    expect(after.evaluation.commission.rate).toBeGreaterThan(before.evaluation.commission.rate);
    const logged = await server.database.db.select({ type: events.type }).from(events).where(eq(events.partnerId, 'contoso'));
    expect(logged.map((e) => e.type)).toContain('commission.changed');
    const history = await server.database.db.select().from(evaluationHistory).where(eq(evaluationHistory.partnerId, 'contoso'));
    expect(history.map((h) => h.policyVersion)).toEqual(expect.arrayContaining([was, was + 1]));
    const versions = await request('GET', '/v1/policy/versions', { token: portal });
    expect(versions.body.versions.map((v: { version: number; current: boolean }) => [v.version, v.current]).slice(0, 2)).toEqual([
      [was + 1, true],
      [was, false],
    ]);
    expect(versions.body.versions.at(-1)).toMatchObject({ version: 1, current: false });
    expect((await request('GET', '/v1/policy/versions/1', { token: portal })).body.baseRate).toBe(10);
    expect((await request('GET', '/v1/policy/versions/99', { token: portal })).status).toBe(404);
    expect((await request('GET', '/v1/policy/versions/x', { token: portal })).status).toBe(400);
  });

  it('refuses a policy that breaks a rule (422) or the schema (400)', async () => {
    const { version } = await currentPolicy();
    const broken = await request('PUT', '/v1/policy', { token: admin, body: { ...policyInput, cap: 5 } });
    expect(broken.status).toBe(422);
    expect(broken.body.errors[0]).toMatchObject({ pointer: '/cap', code: 'policy.cap_below_base' });
    const schema = await request('PUT', '/v1/policy', { token: admin, body: { ...policyInput, version: 7 } });
    expect(schema.status).toBe(400);
    expect((await currentPolicy()).version).toBe(version);
  });

  it('adds and replaces modules and certifications, checking what they name', async () => {
    const module = selfModule('cloud-basics', 'Cloud basics');
    const total = await modulesTotal();
    const created = await request('PUT', '/v1/modules/cloud-basics', { token: admin, body: module });
    expect(created.status).toBe(201);
    // Answered at once with the change that re-evaluates every partner under the new catalog.
    const { change } = parseExact(CatalogUpdateResponseSchema, created.body);
    expect(change).toMatchObject({ cause: 'catalog', policyVersion: (await currentPolicy()).version });
    expect(await changeDone(request, admin, change.href)).toMatchObject({ state: 'done', remaining: 0, done: change.total });
    expect((await request('PUT', '/v1/modules/cloud-basics', { token: admin, body: { ...module, title: 'Cloud basics 2' } })).status).toBe(
      200,
    );
    const catalog = (await request('GET', '/v1/catalog', { token: portal })).body;
    expect(catalog.modules.at(-1)).toMatchObject({ id: 'cloud-basics', title: 'Cloud basics 2' });
    expect(await modulesTotal()).toBe(total + 1);
    expect((await request('PUT', '/v1/modules/other-id', { token: admin, body: module })).status).toBe(400);
    // Answers drop fields they do not know; definitions coming in refuse them, at any depth.
    for (const body of [
      { ...module, tags: ['cloud'] },
      { ...module, material: { ...module.material, drm: true } },
    ]) {
      const unknown = await request('PUT', '/v1/modules/cloud-basics', { token: admin, body });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].code).toBe('unrecognized_keys');
    }
    const missing = await request('PUT', '/v1/modules/cloud-basics', { token: admin, body: { ...module, prerequisites: ['nothing'] } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].pointer).toBe('/prerequisites/0');
    // product-fundamentals ← solution-selling already; the reverse would lock both for good.
    const fundamentals = catalog.modules.find((m: Module) => m.id === 'product-fundamentals');
    const cycle = await request('PUT', '/v1/modules/product-fundamentals', {
      token: admin,
      body: { ...fundamentals, prerequisites: ['solution-selling'] },
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors).toContainEqual(expect.objectContaining({ pointer: '/prerequisites/0', code: 'prerequisite_cycle' }));
    const cert = {
      id: 'cloud-cert',
      name: 'Cloud',
      level: 'foundation',
      requiredModules: ['cloud-basics'],
      passingScore: 50,
      validityMonths: 12,
    };
    expect((await request('PUT', '/v1/certifications/cloud-cert', { token: admin, body: cert })).status).toBe(201);
    expect((await request('PUT', '/v1/certifications/cloud-cert', { token: admin, body: { ...cert, badgeImage: 'x' } })).status).toBe(400);
    expect(
      (await request('PUT', '/v1/certifications/cloud-cert', { token: admin, body: { ...cert, requiredModules: ['nope'] } })).status,
    ).toBe(422);
  });

  it("removes a module nothing requires, keeping partners' progress in it for its return", async () => {
    const module = selfModule('to-retire', 'To retire');
    expect((await request('PUT', '/v1/modules/to-retire', { token: admin, body: module })).status).toBe(201);
    expect(
      (await request('PUT', '/v1/modules/needs-it', { token: admin, body: { ...module, id: 'needs-it', prerequisites: ['to-retire'] } }))
        .status,
    ).toBe(201);
    const certified = selfModule('certified-one', 'Certified one');
    expect((await request('PUT', '/v1/modules/certified-one', { token: admin, body: certified })).status).toBe(201);
    const cert = {
      id: 'certified-cert',
      name: 'Certified',
      level: 'foundation',
      requiredModules: ['certified-one'],
      passingScore: 50,
      validityMonths: 12,
    };
    const certifiedCert = await request('PUT', '/v1/certifications/certified-cert', { token: admin, body: cert });
    expect(certifiedCert.status).toBe(201);
    // Each write made the change under way go over every partner again; a policy waits for its end.
    await changeDone(request, admin, parseExact(CatalogUpdateResponseSchema, certifiedCert.body).change.href);
    const partner = await server.tokenFor('fabrikam');
    expect((await request('POST', '/v1/me/modules/to-retire/complete', { token: partner })).status).toBe(200);
    const before = parseExact(TrainingSnapshotSchema, (await request('GET', '/v1/me/training', { token: partner })).body);

    // Refused while another definition names it, each named; nothing changes.
    const inUse = await request('DELETE', '/v1/modules/to-retire', { token: admin });
    expect(inUse.status).toBe(422);
    expect(inUse.body.errors).toEqual([
      { pointer: '/modules/needs-it/prerequisites', code: 'module_in_use', detail: '"needs-it" requires it first.' },
    ]);
    expect((await request('DELETE', '/v1/modules/certified-one', { token: admin })).body.errors).toEqual([
      {
        pointer: '/certifications/certified-cert/requiredModules',
        code: 'module_in_use',
        detail: 'The certification "certified-cert" requires it.',
      },
    ]);
    const policy = (await request('GET', '/v1/policy', { token: admin })).body;
    const { version: _version, ...current } = policy;
    const naming = {
      ...current,
      tiers: current.tiers.map((t: { requirements: unknown[] }, i: number) =>
        i === 3 ? { ...t, requirements: [...t.requirements, { kind: 'module_completed', moduleId: 'to-retire' }] } : t,
      ),
    };
    await applyPolicy(request, admin, naming);
    const needsIt = await request('DELETE', '/v1/modules/needs-it', { token: admin });
    expect(needsIt.status).toBe(200);
    await changeDone(request, admin, parseExact(ProgramChangeResponseSchema, needsIt.body).change.href);
    const broken = await request('DELETE', '/v1/modules/to-retire', { token: admin });
    expect(broken.status).toBe(422);
    expect(broken.body.errors).toEqual([
      expect.objectContaining({ pointer: '/tiers/3/requirements/3/moduleId', code: 'policy.unknown_module' }),
    ]);
    await applyPolicy(request, admin, current);

    const removed = await request('DELETE', '/v1/modules/to-retire', { token: admin });
    expect(removed.status).toBe(200);
    await changeDone(request, admin, parseExact(ProgramChangeResponseSchema, removed.body).change.href);
    expect((await request('GET', '/v1/catalog', { token: portal })).body.modules.map((m: Module) => m.id)).not.toContain('to-retire');
    const after = parseExact(TrainingSnapshotSchema, (await request('GET', '/v1/me/training', { token: partner })).body);
    expect(after.summary.modulesTotal).toBe(before.summary.modulesTotal - 2);
    expect(after.summary.modulesCompleted).toBe(before.summary.modulesCompleted - 1);
    expect((await request('DELETE', '/v1/modules/to-retire', { token: admin })).status).toBe(404);
    expect((await request('DELETE', '/v1/modules/to-retire', { token: portal })).status).toBe(403);

    // Back in the catalog, it is completed again for the partner who had done it.
    const restored = await request('PUT', '/v1/modules/to-retire', { token: admin, body: module });
    expect(restored.status).toBe(201);
    await changeDone(request, admin, parseExact(CatalogUpdateResponseSchema, restored.body).change.href);
    const back = parseExact(TrainingSnapshotSchema, (await request('GET', '/v1/me/training', { token: partner })).body);
    expect(back.modules.find((m) => m.id === 'to-retire')?.progress.status).toBe('completed');
  });
});
