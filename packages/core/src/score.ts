import type { Catalog } from './schemas/catalog.ts';
import type { PartnerScore } from './schemas/evaluation.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { progressById } from './progress.ts';

export interface PartnerScoreOptions {
  policy: TierPolicy;
  catalog: Catalog;
  state: PartnerTrainingState;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The partner score, 0..100: the policy's weighted mean of the performance score, the share of
 * catalog modules completed and the mean assessment score of completed modules (0 while there is
 * none, so an untrained partner does not score as well as a trained one).
 *
 * @example
 * partnerScore({ policy: DEFAULT_POLICY, catalog, state }).score; // 61.5
 */
export function partnerScore({ policy, catalog, state }: PartnerScoreOptions): PartnerScore {
  let completed = 0;
  let scored = 0;
  let scoreSum = 0;
  // Catalog order, not the state's key order, so the float sums never depend on event order.
  const progress = progressById(state);
  for (const m of catalog.modules) {
    const p = progress.get(m.id);
    if (p === undefined || p.status !== 'completed') continue;
    completed += 1;
    if (p.score !== null) {
      scored += 1;
      scoreSum += p.score;
    }
  }
  const performance = state.partner.performanceScore;
  const completion = catalog.modules.length === 0 ? 0 : round2((completed / catalog.modules.length) * 100);
  const assessment = scored === 0 ? 0 : round2(scoreSum / scored);
  const w = policy.scoreWeights;
  const total = w.performance + w.completion + w.assessment;
  const score = total <= 0 ? 0 : round2((w.performance * performance + w.completion * completion + w.assessment * assessment) / total);
  return { score: Math.min(100, Math.max(0, score)), performance, completion, assessment, weights: { ...w } };
}

/**
 * How much completing one more catalog module raises the score: its share of the catalog,
 * through the completion weight (the assessment part depends on a score not known beforehand).
 */
export function scorePerModule({ policy, catalog }: Pick<PartnerScoreOptions, 'policy' | 'catalog'>): number {
  const w = policy.scoreWeights;
  const total = w.performance + w.completion + w.assessment;
  if (total <= 0 || catalog.modules.length === 0) return 0;
  return round2(((w.completion / total) * 100) / catalog.modules.length);
}
