import { certificateExpiry, earnedCertifications, isCertificateActive } from './certifications.ts';
import { evaluate, type EvaluateOptions } from './evaluate.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { Simulation, SimulationSteps } from './schemas/evaluation.ts';
import { NOT_STARTED } from './schemas/progress.ts';
import type { Certificate, ModuleProgressEntry, PartnerTrainingState } from './schemas/state.ts';
import { progressById } from './progress.ts';
import { toPoints } from './commission.ts';
import { UNITS } from './compile.ts';

export interface SimulateOptions extends EvaluateOptions {
  steps: SimulationSteps;
}

/**
 * The state after the steps, as of `now`. A completed module is assumed passed (score at least
 * the highest passing score of the certifications it counts towards) and to have taken at least
 * its estimated time; completing one already completed takes it again (a renewal counts only
 * modules passed since the last certificate). Certifications the completions earn
 * (`earnedCertifications`, through a module the steps complete) and those named in `earn` are
 * issued now; ids not in the catalog are ignored.
 */
export function applySteps({
  catalog,
  state,
  now,
  steps,
}: {
  catalog: Catalog;
  state: PartnerTrainingState;
  now: Date;
  steps: SimulationSteps;
}): { state: PartnerTrainingState; certificationsEarned: string[] } {
  const complete = new Set(steps.complete ?? []);
  const earn = new Set(steps.earn ?? []);
  if (complete.size === 0 && earn.size === 0) return { state, certificationsEarned: [] };
  const nowIso = now.toISOString();
  const progress = progressById(state);
  const completedNow = new Set<string>();
  for (const m of catalog.modules) {
    if (!complete.has(m.id)) continue;
    const p = progress.get(m.id) ?? { moduleId: m.id, ...NOT_STARTED };
    const retake = p.status === 'completed';
    let score = p.score;
    for (const c of catalog.certifications) {
      if (c.requiredModules.includes(m.id)) score = Math.max(score ?? 0, c.passingScore);
    }
    progress.set(m.id, {
      moduleId: m.id,
      status: 'completed',
      percent: 100,
      // A retake is not assumed to add training time: what the training system records decides.
      timeSpentSeconds: retake ? p.timeSpentSeconds : Math.max(p.timeSpentSeconds, m.estimatedMinutes * 60),
      score,
      startedAt: p.startedAt ?? nowIso,
      completedAt: nowIso,
    });
    completedNow.add(m.id);
  }
  // Entries keep their order, completed ones replace theirs in place, new ones go last.
  const entries: ModuleProgressEntry[] = state.progress.map((e) => progress.get(e.moduleId) ?? e);
  const listed = new Set(state.progress.map((e) => e.moduleId));
  for (const [id, e] of progress) if (!listed.has(id)) entries.push(e);
  const completed: PartnerTrainingState = { ...state, progress: entries };
  const earned = new Set(earnedCertifications({ catalog, state: completed, now }));
  const certificates: Certificate[] = [...state.certificates];
  const certificationsEarned: string[] = [];
  for (const c of catalog.certifications) {
    const named = earn.has(c.id) && !state.certificates.some((x) => x.certificationId === c.id && isCertificateActive(x, now));
    const throughSteps = earned.has(c.id) && c.requiredModules.some((id) => completedNow.has(id));
    if (!named && !throughSteps) continue;
    certificates.push({
      certificationId: c.id,
      issuedAt: nowIso,
      expiresAt: certificateExpiry({ issuedAt: nowIso, validityMonths: c.validityMonths }),
      revokedAt: null,
    });
    certificationsEarned.push(c.id);
  }
  return { state: { ...completed, certificates }, certificationsEarned };
}

/**
 * What-if: the evaluation before and after completing modules and earning certifications.
 * With no steps, `after` equals `evaluate(options)`.
 *
 * @example
 * const { delta } = simulate({ policy, catalog, state, now, steps: { complete: ['solution-selling'] } });
 * delta.rateDelta; // 7 (points), e.g. Bronze → Silver plus the training bonus
 */
export function simulate(options: SimulateOptions): Simulation {
  const { steps, ...rest } = options;
  const before = evaluate(rest);
  const applied = applySteps({ catalog: options.catalog, state: options.state, now: options.now, steps });
  const after = applied.state === options.state ? evaluate(rest) : evaluate({ ...rest, state: applied.state });
  return {
    before,
    after,
    delta: {
      tierChanged: before.tier !== after.tier,
      fromTier: before.tier,
      toTier: after.tier,
      rateDelta: toPoints(Math.round(after.commission.rate * UNITS) - Math.round(before.commission.rate * UNITS)),
      certificationsEarned: applied.certificationsEarned,
    },
  };
}
