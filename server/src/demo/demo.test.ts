import { TrainingSnapshotSchema, type TrainingSnapshot } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/support/test-server.ts';
import { plan } from './training-system.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function snapshotOf(partnerId: string): Promise<TrainingSnapshot> {
  const res = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${await server.tokenFor(partnerId)}` } });
  return TrainingSnapshotSchema.parse(await res.json());
}

describe('demo mode', () => {
  it('seeds Contoso at Gold on a Solution Architect certificate that ends within the warning window', async () => {
    const contoso = await snapshotOf('contoso');
    expect(contoso.certificates.map((c) => [c.certificationId, c.status])).toEqual([
      ['solution-architect', 'expiring'],
      ['sales-foundation', 'active'],
    ]);
    expect(contoso.evaluation.tier).toBe('gold');
    expect(contoso.evaluation.atStake).toEqual([
      expect.objectContaining({
        certificationId: 'solution-architect',
        tierAfter: 'silver',
        rateDelta: -4,
        yearlyValue: -50_000,
        currency: 'USD',
      }),
    ]);
    // Its training replayed at the moments it happened: the certificates carry those dates.
    const issued = Date.parse(contoso.certificates[0]!.issuedAt);
    expect(Math.round((Date.now() - issued) / 86_400_000)).toBe(708);
  });

  it('lists the seeded milestones in the history, oldest training included, each with its time', async () => {
    const northwind = await snapshotOf('northwind');
    expect(northwind.certificates).toEqual([]);
    expect(northwind.history.filter((h) => h.type === 'module.completed').map((h) => h.params.moduleId)).toEqual([
      'product-fundamentals',
      'partner-program-essentials',
    ]);
    const contoso = await snapshotOf('contoso');
    expect(contoso.history.map((h) => h.type)).toEqual(
      expect.arrayContaining(['certificate.issued', 'tier.changed', 'certificate.expiring', 'module.completed']),
    );
    for (const h of contoso.history) expect(h.at).toMatch(/T\d\d:\d\d:\d\d/);
  });

  it('mints portal tokens over the API with the demo portal key', async () => {
    const res = await fetch(`${server.url}/demo/portal/widget-token?partnerId=fabrikam`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { token } = (await res.json()) as { token: string };
    const me = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as TrainingSnapshot).partner.id).toBe('fabrikam');
    expect((await fetch(`${server.url}/demo/portal/widget-token?partnerId=nobody`)).status).toBe(404);
    expect((await fetch(`${server.url}/demo/portal/widget-token`)).status).toBe(400);
  });

  it('never reaches a partner that is not a demo partner, nor answers 500 for a malformed id', async () => {
    const portal = await server.keyFor('portal');
    const created = await fetch(`${server.url}/v1/partners/real-partner`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${portal}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'A real partner', performanceScore: 70 }),
    });
    expect(created.status).toBe(201);
    for (const path of [
      '/demo/widget-token?partnerId=real-partner',
      '/demo/portal/widget-token?partnerId=real-partner',
      '/demo/portal/widget-token?partnerId=Bad_ID',
      '/demo/cms/sign-in?partner=real-partner',
    ]) {
      expect((await fetch(`${server.url}${path}`, { redirect: 'manual' })).status, path).toBe(404);
    }
    expect((await fetch(`${server.url}/demo/partners/real-partner/advance`, { method: 'POST' })).status).toBe(404);
    const listed = (await (await fetch(`${server.url}/demo/partners`)).json()) as { partners: { id: string }[] };
    expect(listed.partners.map((p) => p.id).sort()).toEqual(['contoso', 'fabrikam', 'northwind']);
  });

  it('advances a partner through the signed ingestion API: the module in progress first', async () => {
    const res = await fetch(`${server.url}/demo/partners/northwind/advance`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ partnerId: 'northwind', moduleId: 'solution-selling', title: 'Solution Selling', applied: 1 });
    const progress = (await snapshotOf('northwind')).modules.find((m) => m.id === 'solution-selling')!.progress;
    expect(progress).toMatchObject({ status: 'completed', percent: 100 });
    expect(progress.score).toBeGreaterThanOrEqual(82);
    expect((await fetch(`${server.url}/demo/partners/nobody/advance`, { method: 'POST' })).status).toBe(404);
  });
});

describe("plan (the demo training system's next step)", () => {
  it('moves an unstarted module on, completes one past 60%, and leaves self modules alone', async () => {
    const fabrikam = await snapshotOf('fabrikam');
    const natural = plan(fabrikam, 'natural', new Date(), () => 0);
    expect(natural.map((e) => e.type)).toEqual(['module.started', 'module.progress']);
    const started = natural[0]!;
    expect(started.type === 'module.started' && fabrikam.modules.find((m) => m.id === started.moduleId)?.completion).toBe('lms');

    const completed = plan(fabrikam, 'complete', new Date(), () => 0).at(-1)!;
    if (completed.type !== 'module.completed') throw new Error(`expected a completion, got ${completed.type}`);
    // At least 1.2× the estimate: the core modules alone then reach Silver's 6 training hours.
    const estimate = fabrikam.modules.find((m) => m.id === completed.moduleId)!.estimatedMinutes * 60;
    expect(completed.timeSpentSeconds).toBeGreaterThanOrEqual(estimate * 1.2);

    // Nothing in progress and no `lms` module advised: nothing to do.
    const allDone = {
      ...fabrikam,
      modules: fabrikam.modules.map((m) =>
        m.completion === 'lms' ? { ...m, progress: { ...m.progress, status: 'completed' as const, percent: 100 } } : m,
      ),
      recommendations: fabrikam.recommendations.filter((r) => fabrikam.modules.find((m) => m.id === r.moduleId)?.completion === 'self'),
    };
    expect(plan(allDone, 'complete', new Date())).toEqual([]);
  });

  it('takes a module again when the partner is advised to renew a certificate with it', async () => {
    const contoso = await snapshotOf('contoso');
    expect(contoso.nextStep?.kind).toBe('renew');
    // The implementation module in progress comes first; then the renewal's modules.
    const withoutProgress = {
      ...contoso,
      modules: contoso.modules.map((m) =>
        m.progress.status === 'in_progress' ? { ...m, progress: { ...m.progress, status: 'not_started' as const } } : m,
      ),
    };
    const [event] = plan(withoutProgress, 'complete', new Date());
    expect(event).toMatchObject({ type: 'module.completed', moduleId: contoso.nextStep!.modules[0]!.moduleId });
  });
});
