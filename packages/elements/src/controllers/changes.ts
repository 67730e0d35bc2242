import type { TrainingSnapshot } from '@siso/training-sdk';

export interface Changes {
  /** What to highlight: `summary`, `tier`, `rate`, `next`, `stake`, `module:<id>`, `certificate:<id>`, `history:<seq>`. */
  keys: Set<string>;
  /** Modules that became completed. */
  completed: string[];
  tier: { from: string; to: string } | undefined;
}

/** What differs between two snapshots of one partner, as far as the elements show it. */
export function changesBetween(a: TrainingSnapshot, b: TrainingSnapshot): Changes {
  const keys = new Set<string>();
  const completed: string[] = [];
  if (
    a.summary.percent !== b.summary.percent ||
    a.summary.timeSpentSeconds !== b.summary.timeSpentSeconds ||
    a.summary.certificatesEarned !== b.summary.certificatesEarned
  ) {
    keys.add('summary');
  }
  const tier = a.evaluation.tier === b.evaluation.tier ? undefined : { from: a.evaluation.tier, to: b.evaluation.tier };
  if (tier) keys.add('tier');
  if (a.evaluation.commission.rate !== b.evaluation.commission.rate) keys.add('rate');
  if (JSON.stringify([a.evaluation.next, a.nextStep]) !== JSON.stringify([b.evaluation.next, b.nextStep])) keys.add('next');
  if (JSON.stringify(a.evaluation.atStake) !== JSON.stringify(b.evaluation.atStake)) keys.add('stake');
  const before = new Map(a.modules.map((m) => [m.id, m.progress]));
  for (const m of b.modules) {
    const old = before.get(m.id);
    if (old && old.status === m.progress.status && old.percent === m.progress.percent) continue;
    keys.add(`module:${m.id}`);
    if (m.progress.status === 'completed' && old?.status !== 'completed') completed.push(m.id);
  }
  const certs = new Map(a.certificates.map((c) => [c.id, c.status]));
  for (const c of b.certificates) if (certs.get(c.id) !== c.status) keys.add(`certificate:${c.id}`);
  for (const h of b.history) if (h.seq > a.cursor) keys.add(`history:${h.seq}`);
  return { keys, completed, tier };
}
