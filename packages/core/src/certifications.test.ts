import { describe, expect, it } from 'vitest';
import {
  certificateExpiry,
  certificatesHeld,
  certificateStatuses,
  certificationStatus,
  earnedCertifications,
  isCertificateActive,
  warningDays,
} from './certifications.ts';
import { DEFAULT_CATALOG } from './program/catalog.ts';
import { DEFAULT_POLICY } from './program/policy.ts';
import { cert, daysFromNow, done, doneOn, NOW, started, stateOf } from './testing/fixtures.ts';

const SA = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];
const SA_ID = 'solution-architect';
const base = { catalog: DEFAULT_CATALOG, now: NOW };
const stateOfSA = (score: number) => ({ ...base, state: stateOf({ progress: SA.map((id) => done(id, 3600, score)) }) });
const find = (o: Parameters<typeof certificationStatus>[0], id: string) => certificationStatus(o).find((c) => c.certificationId === id);

describe('certifications', () => {
  it('adds validity months, clamping to the end of a shorter month', () => {
    expect(certificateExpiry({ issuedAt: '2026-01-31T09:00:00.000Z', validityMonths: 1 })).toBe('2026-02-28T09:00:00.000Z');
    expect(certificateExpiry({ issuedAt: '2026-03-15T00:00:00Z', validityMonths: 24 })).toBe('2028-03-15T00:00:00.000Z');
    expect(certificateExpiry({ issuedAt: '2027-11-30T00:00:00Z', validityMonths: 3 })).toBe('2028-02-29T00:00:00.000Z');
  });

  it('is active when issued, not revoked and before its expiry', () => {
    expect(isCertificateActive(cert('x', 1), NOW)).toBe(true);
    expect(isCertificateActive(cert('x', 0), NOW)).toBe(false);
    expect(isCertificateActive(cert('x', 10, true), NOW)).toBe(false);
    expect(isCertificateActive({ ...cert('x'), issuedAt: daysFromNow(1) }, NOW)).toBe(false);
  });

  it('is due when every required module passed with the passing score', () => {
    expect(earnedCertifications(stateOfSA(80))).toEqual(['solution-architect']);
    expect(earnedCertifications(stateOfSA(79))).toEqual([]);
    expect(find(stateOfSA(79), 'solution-architect')).toMatchObject({ state: 'in_progress', belowPassing: SA, missing: [] });
  });

  it('counts a self-completed module without a score as passed', () => {
    const core = DEFAULT_CATALOG.certifications.find((c) => c.id === 'sales-foundation')?.requiredModules ?? [];
    const state = stateOf({ progress: core.map((id) => done(id, 60, id === 'partner-program-essentials' ? null : 75)) });
    expect(earnedCertifications({ ...base, state })).toEqual(['sales-foundation']);
  });

  it('is not due again once issued, until the modules are passed again', () => {
    const o = stateOfSA(90);
    const expired = { ...cert('solution-architect', -5), issuedAt: '2026-01-03T00:00:00.000Z' };
    const issued = { ...o, state: { ...o.state, certificates: [expired] } };
    expect(find(issued, 'solution-architect')?.state).toBe('expired');
    expect(earnedCertifications(issued)).toEqual([]);
    const retaken = {
      ...issued,
      state: { ...issued.state, progress: issued.state.progress.map((p) => ({ ...p, completedAt: daysFromNow(-1) })) },
    };
    expect(earnedCertifications(retaken)).toEqual(['solution-architect']);
  });

  it('reports progress, revocation and activity', () => {
    const state = stateOf({
      progress: [done('architecture-deep-dive', 60), started('implementation-methodology')],
      certificates: [cert('sales-foundation', 30, true)],
    });
    const all = certificationStatus({ ...base, state });
    expect(all.map((c) => c.state)).toEqual(['revoked', 'in_progress', 'in_progress']);
    expect(all[1]).toMatchObject({ completed: 1, required: 3, missing: ['integration-patterns', 'security-and-compliance'] });
    const active = certificationStatus({ ...base, state: stateOf({ certificates: [cert('solution-architect')] }) });
    expect(active.map((c) => c.state)).toEqual(['not_started', 'active', 'not_started']);
  });
});

describe('certificate status', () => {
  const statuses = (certificates: Parameters<typeof certificateStatuses>[0]['certificates'], days = 60) =>
    certificateStatuses({ certificates, now: NOW, warningDays: days });

  it('is expiring within the policy’s warning window, active before it', () => {
    expect(statuses([cert(SA_ID, 59), cert(SA_ID.replace('solution', 'x'), 61)])).toEqual(['expiring', 'active']);
    expect(statuses([cert(SA_ID, 20)], 10)).toEqual(['active']);
    expect(warningDays(DEFAULT_POLICY)).toBe(60);
    expect(warningDays({ downgrade: { graceDays: 30 } })).toBe(60);
  });

  it('does not call a certificate expiring once a renewal outlives it', () => {
    const renewed = { ...cert(SA_ID, 700), issuedAt: daysFromNow(-1) };
    expect(statuses([cert(SA_ID, 20), renewed])).toEqual(['active', 'active']);
  });

  it('names revoked, expired and not-yet-valid certificates', () => {
    expect(statuses([cert(SA_ID, 20, true), cert(SA_ID, 0), { ...cert(SA_ID, 400), issuedAt: daysFromNow(1) }])).toEqual([
      'revoked',
      'expired',
      'pending',
    ]);
  });

  it('counts certifications held as the evaluation does: active ones, each once', () => {
    const future = { ...cert('sales-foundation', 400), issuedAt: daysFromNow(1) };
    expect(certificatesHeld([cert(SA_ID, 20), cert(SA_ID, 300), cert('x', -1), future], NOW)).toBe(1);
  });
});

describe('renewal', () => {
  const issued = daysFromNow(-100);
  const before = daysFromNow(-120);
  const after = daysFromNow(-5);
  const withCert = (progress: ReturnType<typeof doneOn>[], revoked = false) => ({
    ...base,
    state: stateOf({ progress, certificates: [{ ...cert(SA_ID, 20, revoked), issuedAt: issued }] }),
  });

  it('needs every required module passed again after the last certificate: one retake is not enough', () => {
    const one = withCert([doneOn(SA[0]!, after), doneOn(SA[1]!, before), doneOn(SA[2]!, before)]);
    expect(find(one, SA_ID)).toMatchObject({ state: 'active', completed: 1, retake: [SA[1], SA[2]] });
    expect(earnedCertifications(one)).toEqual([]);
    const all = withCert(SA.map((id) => doneOn(id, after)));
    expect(earnedCertifications(all)).toEqual([SA_ID]); // early: the certificate is still active
  });

  it('shows a revoked certificate’s way back: its modules, taken again', () => {
    const revoked = withCert(
      SA.map((id) => doneOn(id, before)),
      true,
    );
    expect(find(revoked, SA_ID)).toMatchObject({ state: 'revoked', completed: 0, retake: SA, missing: [] });
  });
});
