import type { AtStake, PathModule } from '@siso/training-core';
import type { View } from './training-element.ts';

/** `n` points with a plural, e.g. "4 points". */
export function pointCount({ t, f }: View, n: number): string {
  return t.pointCount(f.number(n, 2), n);
}

/**
 * The modules of a path as a list: every title up to four, else the first three "and N more"
 * (naming the one left over costs no more room than saying "1 more").
 */
export function moduleTitles({ t, f, names }: View, modules: readonly PathModule[]): string {
  const titles = modules.map((m) => names.module(m.moduleId));
  return f.list(titles.length > 4 ? [...titles.slice(0, 3), t.andMore(f.number(titles.length - 3))] : titles);
}

/** "3 modules, 5 h". */
export function pathSize({ t, f }: View, modules: readonly PathModule[], hours: number): string {
  return t.pathSize(f.number(modules.length), modules.length, f.number(hours, 2));
}

/**
 * What a lapsing certificate costs and until when it can be kept, in one sentence: with `path`,
 * the size of its renewal too.
 */
export function stakeText(v: View, a: AtStake, path: boolean): string {
  const { t, f, names } = v;
  const certification = names.certification(a.certificationId);
  const tierAndRate = (tier: string, rate: number) => t.tierAndRate(names.tier(tier), f.percent(rate, 2));
  const loss = t.loss(pointCount(v, -a.rateDelta), v.money(a.yearlyValue, a.currency));
  const size = path && a.renewal.modules.length > 0 ? pathSize(v, a.renewal.modules, a.renewal.hours) : '';
  if (a.code === 'stake.grace') {
    return t.stakeGrace(
      certification,
      f.date(a.expiresAt),
      names.tier(a.tier),
      f.date(a.tierDropsAt ?? a.actBy),
      tierAndRate(a.tierAfter, a.rateAfter),
      loss,
      size,
    );
  }
  // Only the rate drops: the tier is not what is kept.
  const keep = a.tierDropsAt ? tierAndRate(a.tier, a.rate) : f.percent(a.rate, 2);
  return t.stakeExpiring(certification, f.date(a.expiresAt), keep, loss, size);
}
