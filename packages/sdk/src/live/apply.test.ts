import { describe, expect, it } from 'vitest';
import { FIRST_MODULE, progressData, snapshotAt } from '../testing/fixtures.ts';
import { applyEvent } from './apply.ts';
import { backoffDelay } from './backoff.ts';

const AT = '2026-06-01T10:00:00.000Z';

describe('applyEvent', () => {
  it('replaces what a module event carries and shares the rest', () => {
    const before = snapshotAt(1);
    const after = applyEvent(before, { seq: 2, type: 'progress.updated', at: AT, data: progressData(40) });
    expect(after.cursor).toBe(2);
    expect(after.modules.find((m) => m.id === FIRST_MODULE)!.progress.percent).toBe(40);
    expect(after.summary).toEqual(progressData(40).summary);
    expect(after.certifications).toBe(before.certifications);
    expect(before.cursor).toBe(1);
  });

  it('lists milestones in the history, as the server does, not progress reports or recommendation refreshes', () => {
    const before = snapshotAt(1);
    const progressed = applyEvent(before, { seq: 2, type: 'progress.updated', at: AT, data: progressData(40) });
    const refreshed = applyEvent(progressed, {
      seq: 3,
      type: 'recommendations.updated',
      at: AT,
      data: { recommendations: [], nextStep: null, score: before.score, locked: [] },
    });
    expect(refreshed.history).toBe(before.history);
    expect(refreshed.cursor).toBe(3);
    const completed = applyEvent(refreshed, { seq: 4, type: 'module.completed', at: AT, data: progressData(100) });
    expect(completed.history).toEqual([
      { seq: 4, type: 'module.completed', at: AT, params: { moduleId: FIRST_MODULE } },
      ...before.history,
    ]);
  });

  it('adds a new certificate and replaces a known one', () => {
    const certificate = {
      id: 'c1',
      certificationId: 'x',
      name: 'X',
      level: 'advanced' as const,
      issuedAt: AT,
      expiresAt: AT,
      revokedAt: null,
      status: 'active' as const,
      verifyUrl: 'https://v',
    };
    const { summary, evaluation } = snapshotAt(0);
    const issued = applyEvent(snapshotAt(0), { seq: 1, type: 'certificate.issued', at: AT, data: { certificate, summary, evaluation } });
    const revoked = applyEvent(issued, {
      seq: 2,
      type: 'certificate.revoked',
      at: AT,
      data: { certificate: { ...certificate, status: 'revoked', revokedAt: AT }, summary, evaluation },
    });
    expect(issued.certificates.map((c) => c.status)).toEqual(['active']);
    expect(revoked.certificates.map((c) => c.status)).toEqual(['revoked']);
    expect(revoked.history.map((h) => h.params.certificationId)).toEqual(['x', 'x']);
  });

  it('moves the partner to the new tier', () => {
    const { evaluation } = snapshotAt(0);
    const after = applyEvent(snapshotAt(0), { seq: 1, type: 'tier.changed', at: AT, data: { from: 'bronze', to: 'silver', evaluation } });
    expect(after.partner.tier).toBe('silver');
  });
});

describe('backoffDelay', () => {
  it('doubles from initial up to max, half fixed and half random, never under Retry-After', () => {
    const low = () => 0;
    const high = () => 1;
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, { initial: 1_000, max: 5_000 }, 0, low))).toEqual([500, 1_000, 2_000, 2_500]);
    expect(backoffDelay(2, { initial: 1_000 }, 0, high)).toBe(2_000);
    expect(backoffDelay(1, {}, 10_000, high)).toBe(10_000);
  });
});
