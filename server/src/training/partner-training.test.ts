import { readFileSync } from 'node:fs';
import { DEFAULT_CATALOG, DEFAULT_POLICY, type ModuleProgress } from '@siso/training-core';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../events/new-event.ts';
import { PartnerTraining, type Change, type WritePlan } from './partner-training.ts';
import type { StoredCertificate, StoredPartner, StoredTraining } from './stored.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00.000Z');
const day = (n: number) => new Date(NOW.getTime() + n * DAY);
const program = { catalog: DEFAULT_CATALOG, policy: DEFAULT_POLICY };
const CORE = ['partner-program-essentials', 'product-fundamentals', 'solution-selling', 'pricing-and-licensing', 'customer-onboarding'];
const ARCHITECT = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];

function done(completedAt: Date, score = 90): ModuleProgress {
  return {
    status: 'completed',
    percent: 100,
    timeSpentSeconds: 5_400,
    score,
    startedAt: completedAt.toISOString(),
    completedAt: completedAt.toISOString(),
  };
}

function certificate(id: string, certificationId: string, issuedAt: Date, expiresAt: Date): StoredCertificate {
  return {
    partnerId: 'northwind',
    id,
    certificationId,
    issuedAt,
    expiresAt,
    revokedAt: null,
    revokedReason: null,
    expiringNotifiedAt: null,
    credential: 'jwt',
    statusIndex: null,
  };
}

const FOUNDATION_ENDS = day(900);

/**
 * A partner never evaluated: every core module passed (7.5 h) and its foundation certificate,
 * performance 70; and the progress and certificates given.
 */
function fresh({
  progress = {},
  certificates = [],
}: { progress?: Record<string, ModuleProgress>; certificates?: StoredCertificate[] } = {}): StoredTraining {
  const partner: StoredPartner = {
    id: 'northwind',
    name: 'Northwind',
    tier: 'bronze',
    performanceScore: 70,
    trailingRevenue: null,
    currency: null,
    rate: null,
    atRisk: false,
    policyVersion: null,
    evaluatedAt: null,
    recommendationsHash: null,
    nextCheckAt: null,
    revision: 0,
    lastSeq: 0,
  };
  const core = Object.fromEntries(CORE.map((id) => [id, done(day(-800))]));
  const foundation = certificate('foundation', 'sales-foundation', day(-790), FOUNDATION_ENDS);
  return { partner, progress: new Map(Object.entries({ ...core, ...progress })), certificates: [foundation, ...certificates], history: [] };
}

function open(stored: StoredTraining, now = NOW): PartnerTraining {
  let n = 0;
  return new PartnerTraining(stored, { program, now, publicUrl: 'https://training.example.com', newId: () => `cert-${++n}` });
}

/** What the repository loads after the writer stored `plan`. */
function written(before: StoredTraining, plan: WritePlan): StoredTraining {
  const progress = new Map(before.progress);
  for (const p of plan.progress) {
    const { status, percent, timeSpentSeconds, score } = p;
    progress.set(p.moduleId, {
      status,
      percent,
      timeSpentSeconds,
      score,
      startedAt: p.startedAt?.toISOString() ?? null,
      completedAt: p.completedAt?.toISOString() ?? null,
    });
  }
  const updated = new Map(plan.updatedCertificates.map((c) => [c.id, c]));
  return {
    partner: { ...before.partner, ...plan.partner, lastSeq: before.partner.lastSeq + plan.events.length },
    progress,
    certificates: [...before.certificates.map((c) => updated.get(c.id) ?? c), ...plan.newCertificates],
    history: [],
  };
}

/** Evaluates at `now` with nothing changed (as the sweep does) and stores the result. */
function evaluatedAt(stored: StoredTraining, now: Date): StoredTraining {
  const training = open(stored, now);
  training.reevaluate();
  return written(stored, training.plan()!);
}

const types = (plan: WritePlan | null) => plan?.events.map((e) => e.type);
const event = <T extends NewEvent['type']>(plan: WritePlan, type: T) =>
  plan.events.find((e) => e.type === type)?.data as Extract<NewEvent, { type: T }>['data'] | undefined;
const complete = (moduleId: string, at = NOW, score = 90): Change => ({
  kind: 'module',
  moduleId,
  action: 'complete',
  at,
  score,
  timeSpentSeconds: 4_800,
});

describe('PartnerTraining', () => {
  it('evaluates a partner never evaluated, and writes its figures with the first history line', () => {
    const plan = open(fresh()).plan()!;
    expect(plan.partner).toMatchObject({
      id: 'northwind',
      tier: 'silver',
      atRisk: false,
      policyVersion: DEFAULT_POLICY.version,
      evaluatedAt: NOW,
      updatedAt: NOW,
      revision: 1,
    });
    expect(plan.history).toMatchObject({ partnerId: 'northwind', revision: 1, tier: 'silver', rate: plan.partner.rate, createdAt: NOW });
    // Never evaluated: no stored rate to diff against, so no commission.changed.
    expect(types(plan)).toEqual(['tier.changed', 'recommendations.updated']);
    expect(event(plan, 'tier.changed')).toMatchObject({ from: 'bronze', to: 'silver' });
  });

  it('completes a module: progress dated now, events carrying the new summary and evaluation', () => {
    const stored = evaluatedAt(fresh(), day(-1));
    const training = open(stored);
    expect(training.apply(complete('architecture-deep-dive'))).toBe(true);
    const plan = training.plan()!;
    expect(plan.progress).toEqual([
      {
        partnerId: 'northwind',
        moduleId: 'architecture-deep-dive',
        status: 'completed',
        percent: 100,
        timeSpentSeconds: 4_800,
        score: 90,
        startedAt: NOW,
        completedAt: NOW,
        updatedAt: NOW,
      },
    ]);
    expect(types(plan)).toEqual(['module.completed', 'recommendations.updated']);
    expect(event(plan, 'module.completed')).toMatchObject({
      moduleId: 'architecture-deep-dive',
      summary: { modulesCompleted: 6 },
      evaluation: { tier: 'silver' },
    });
    expect(plan.newCertificates).toEqual([]);
    expect(plan.history).toBeNull();
    expect(plan.partner.revision).toBe(stored.partner.revision + 1);
  });

  it('issues the certificate the last required module earns, and the tier and rate it brings', () => {
    const stored = evaluatedAt(
      fresh({ progress: { 'architecture-deep-dive': done(day(-20)), 'integration-patterns': done(day(-10)) } }),
      day(-1),
    );
    expect(stored.partner.tier).toBe('silver');
    const training = open(stored);
    training.apply(complete('security-and-compliance'));
    const plan = training.plan()!;
    expect(plan.newCertificates).toEqual([
      { ...certificate('cert-1', 'solution-architect', NOW, new Date('2028-06-01T00:00:00.000Z')), credential: null },
    ]);
    expect(types(plan)).toEqual([
      'module.completed',
      'certificate.issued',
      'tier.changed',
      'commission.changed',
      'recommendations.updated',
    ]);
    // The completion alone moved nothing; the certificate's event carries the evaluation it brings.
    expect(event(plan, 'module.completed')?.evaluation.tier).toBe('silver');
    expect(event(plan, 'certificate.issued')).toMatchObject({
      certificate: { id: 'cert-1', status: 'active', verifyUrl: 'https://training.example.com/certificates/cert-1' },
      evaluation: { tier: 'gold' },
    });
    expect(event(plan, 'tier.changed')).toMatchObject({ from: 'silver', to: 'gold' });
    expect(event(plan, 'commission.changed')).toMatchObject({ from: stored.partner.rate, to: plan.partner.rate });
    expect(plan.partner.rate).toBeGreaterThan(stored.partner.rate!);
    expect(plan.history).toMatchObject({ tier: 'gold', revision: stored.partner.revision + 1 });
    // Reminded 60 days before the certificate ends.
    expect(plan.partner.nextCheckAt).toEqual(new Date('2028-04-02T00:00:00.000Z'));
  });

  it('renews a certificate once every required module is passed again after it', () => {
    const issued = day(-700);
    const stored = evaluatedAt(
      fresh({
        progress: Object.fromEntries(ARCHITECT.map((id) => [id, done(day(-710))])),
        certificates: [certificate('old', 'solution-architect', issued, day(30))],
      }),
      day(-1),
    );
    expect(stored.partner.tier).toBe('gold');
    expect(stored.certificates[1]!.expiringNotifiedAt).toEqual(day(-1));
    const training = open(stored);
    expect(training.needsRetake('architecture-deep-dive')).toBe(true);
    training.apply(complete('architecture-deep-dive'));
    training.apply(complete('integration-patterns'));
    expect(training.plan()!.newCertificates).toEqual([]);

    const again = open(stored);
    for (const id of ARCHITECT) again.apply(complete(id));
    const plan = again.plan()!;
    expect(plan.newCertificates.map((c) => [c.certificationId, c.issuedAt, c.expiresAt])).toEqual([
      ['solution-architect', NOW, new Date('2028-06-01T00:00:00.000Z')],
    ]);
    expect(types(plan)).toEqual([
      'module.completed',
      'module.completed',
      'module.completed',
      'certificate.issued',
      'recommendations.updated',
    ]);
  });

  it('renews early when the training system reports the certification earned again, not when it already lasts as long', () => {
    const stored = evaluatedAt(fresh({ certificates: [certificate('old', 'solution-architect', day(-700), day(30))] }), day(-1));
    const training = open(stored);
    expect(training.apply({ kind: 'certification.earned', certificationId: 'solution-architect', at: day(-2), expiresAt: day(20) })).toBe(
      false,
    );
    expect(training.apply({ kind: 'certification.earned', certificationId: 'solution-architect', at: day(-2) })).toBe(true);
    expect(training.apply({ kind: 'certification.earned', certificationId: 'solution-architect', at: day(-3) })).toBe(false);
    const plan = training.plan()!;
    expect(plan.newCertificates).toMatchObject([{ id: 'cert-1', issuedAt: day(-2), expiresAt: new Date('2028-05-30T00:00:00.000Z') }]);
    // The renewed certificate is no longer the one whose end comes.
    expect(event(plan, 'certificate.issued')?.certificate.status).toBe('active');
  });

  it('dates a change from the future at now', () => {
    const training = open(evaluatedAt(fresh(), day(-1)));
    training.apply(complete('negotiation-skills', day(3)));
    training.apply({ kind: 'certification.earned', certificationId: 'implementation-specialist', at: day(5) });
    const plan = training.plan()!;
    expect(plan.progress[0]).toMatchObject({ completedAt: NOW, startedAt: NOW });
    expect(plan.newCertificates[0]).toMatchObject({ issuedAt: NOW });
  });

  it('notices by time alone a certificate entering its warning window, once', () => {
    const stored = evaluatedAt(fresh({ certificates: [certificate('c', 'solution-architect', day(-700), day(30))] }), day(-40));
    expect(stored.partner.nextCheckAt).toEqual(day(-30));
    const plan = open(stored).plan()!;
    expect(types(plan)).toEqual(['certificate.expiring', 'recommendations.updated']);
    expect(plan.updatedCertificates).toEqual([{ ...stored.certificates[1], expiringNotifiedAt: NOW }]);
    expect(plan.partner.nextCheckAt).toEqual(day(30));
    expect(plan.history).toBeNull();
    expect(open(written(stored, plan)).plan()).toBeNull();
  });

  it('notices an expiry by time, holds the tier through grace, then drops it', () => {
    const expires = day(-5);
    let stored = evaluatedAt(fresh({ certificates: [certificate('c', 'solution-architect', day(-735), expires)] }), day(-100));
    stored = evaluatedAt(stored, day(-50));
    expect(stored.partner).toMatchObject({ tier: 'gold', atRisk: false });
    const goldRate = stored.partner.rate;

    const lapse = open(stored);
    lapse.reevaluate();
    const lapsed = lapse.plan()!;
    expect(types(lapsed)?.slice(0, 2)).toEqual(['certificate.expired', 'grace.started']);
    expect(types(lapsed)).not.toContain('tier.changed');
    const until = new Date(expires.getTime() + 30 * DAY);
    expect(event(lapsed, 'grace.started')).toMatchObject({ tier: 'gold', fallbackTier: 'silver', until: until.toISOString() });
    expect(lapsed.partner).toMatchObject({ tier: 'gold', atRisk: true, nextCheckAt: until });
    expect(lapsed.history).toMatchObject({ atRisk: true });
    stored = written(stored, lapsed);

    const drop = open(stored, until);
    drop.reevaluate();
    const dropped = drop.plan()!;
    expect(types(dropped)?.slice(0, 3)).toEqual(['grace.ended', 'tier.changed', 'commission.changed']);
    expect(event(dropped, 'grace.ended')).toMatchObject({ tier: 'silver', outcome: 'dropped' });
    expect(event(dropped, 'tier.changed')).toMatchObject({ from: 'gold', to: 'silver' });
    // Next, the foundation certificate's reminder.
    expect(dropped.partner).toMatchObject({ tier: 'silver', atRisk: false, nextCheckAt: new Date(FOUNDATION_ENDS.getTime() - 60 * DAY) });
    expect(dropped.partner.rate).toBeLessThan(goldRate!);
  });

  it('revokes: no grace, the tier drops at once', () => {
    const stored = evaluatedAt(fresh({ certificates: [certificate('c', 'solution-architect', day(-100), day(600))] }), day(-1));
    const training = open(stored);
    expect(training.apply({ kind: 'certification.revoked', certificationId: 'solution-architect', at: NOW, reason: 'fraud' })).toBe(true);
    expect(training.apply({ kind: 'certification.revoked', certificationId: 'solution-architect', at: NOW })).toBe(false);
    const plan = training.plan()!;
    expect(plan.updatedCertificates).toMatchObject([{ id: 'c', revokedAt: NOW, revokedReason: 'fraud' }]);
    expect(types(plan)?.slice(0, 3)).toEqual(['certificate.revoked', 'tier.changed', 'commission.changed']);
    expect(event(plan, 'certificate.revoked')?.certificate.status).toBe('revoked');
    expect(plan.partner).toMatchObject({ tier: 'silver', atRisk: false });
  });

  it("changes the tier when the portal's performance figure falls below the tier's", () => {
    const stored = evaluatedAt(fresh({ certificates: [certificate('c', 'solution-architect', day(-100), day(600))] }), day(-1));
    const training = open(stored);
    training.setRecord({ name: 'Northwind Traders', performanceScore: 50, trailingRevenue: 100_000, currency: 'EUR' });
    const plan = training.plan()!;
    expect(event(plan, 'tier.changed')).toMatchObject({ from: 'gold', to: 'silver' });
    expect(plan.partner).toMatchObject({
      name: 'Northwind Traders',
      performanceScore: 50,
      trailingRevenue: 100_000,
      currency: 'EUR',
      tier: 'silver',
    });
  });

  it('plans nothing when nothing changed', () => {
    const stored = evaluatedAt(fresh({ progress: { 'negotiation-skills': done(day(-3)) } }), day(-1));
    const training = open(stored);
    expect(training.apply({ kind: 'module', moduleId: 'negotiation-skills', action: 'progress', at: NOW, percent: 40 })).toBe(false);
    training.setRecord({ name: 'Northwind', performanceScore: 70, trailingRevenue: null, currency: null });
    expect(training.plan()).toBeNull();
    expect(training.moved).toBe(false);
  });

  it('imports nothing of the database', () => {
    const seen = new Set<string>();
    const visit = (url: URL) => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      for (const [, spec] of readFileSync(url, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        expect(spec, `${url.pathname} imports ${spec}`).not.toMatch(/drizzle|\/db\/|^pg$|pglite/);
        if (spec!.startsWith('.')) visit(new URL(spec!, url));
      }
    };
    visit(new URL('./partner-training.ts', import.meta.url));
    expect(seen.size).toBeGreaterThan(2);
  });
});
