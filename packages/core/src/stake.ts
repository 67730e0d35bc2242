import { activeAt } from './certifications.ts';
import { toPoints } from './commission.ts';
import { UNITS, type CompiledProgram, type CompiledRequirement, type Grace, type Tally } from './compile.ts';
import { PathBuilder } from './path.ts';
import { conditionStatus } from './requirements.ts';
import type { AtStake, Reason } from './schemas/evaluation.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { progressScan } from './progress.ts';
import { toIso, toMillis } from './time.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

interface Lapse {
  cert: number;
  code: 'stake.expiring' | 'stake.grace';
  /** When the certification's hold ends (or ended), as the certificate says it. */
  expiresAt: string;
}

/** The partner as evaluated: the tier in force, its rate in units, the grace period if any. */
export interface Standing {
  rank: number;
  units: number;
  grace: Grace | null;
}

/**
 * What each lapsing certificate holds up (DESIGN, "Foresight"): a certification whose active
 * certificates all end within the policy's warning window, and each certificate the tier is held
 * on during a grace period. Each is priced alone, everything else as it is now: the tier and rate
 * once its end has run through the grace period, against the tier and rate now. Only those that
 * cost something are listed, the largest loss first. Leaves the tally as it found it.
 */
export function atStake(program: CompiledProgram, state: PartnerTrainingState, nowMs: number, t: Tally, standing: Standing): AtStake[] {
  const lapses = lapsing(program, state, nowMs, t, standing.grace);
  if (lapses.length === 0) return [];
  const items: AtStake[] = [];
  const progress = progressScan(state);
  const revenue = state.partner.trailingRevenue;
  for (const lapse of lapses) {
    const expiring = lapse.code === 'stake.expiring';
    const after = expiring ? withoutActive(program, state, nowMs, t, lapse.cert, standing) : withoutGrace(program, standing, t);
    if (after === null) continue;
    const renewal = new PathBuilder(program, t, standing.rank, progress);
    renewal.addCertification(lapse.cert, state);
    const actBy = expiring ? lapse.expiresAt : standing.grace === null ? lapse.expiresAt : toIso(standing.grace.untilMs);
    const rateDelta = toPoints(after.units - standing.units);
    items.push({
      code: lapse.code,
      certificationId: program.certifications[lapse.cert]?.id ?? '',
      expiresAt: lapse.expiresAt,
      actBy,
      tierDropsAt: after.rank >= standing.rank ? null : expiring ? toIso(toMillis(lapse.expiresAt) + program.graceMs) : actBy,
      tier: program.tiers[standing.rank]?.id ?? '',
      tierAfter: program.tiers[after.rank]?.id ?? '',
      rate: toPoints(standing.units),
      rateAfter: toPoints(after.units),
      rateDelta,
      yearlyValue: revenue === undefined ? null : round2((revenue * rateDelta) / 100),
      currency: state.partner.currency ?? null,
      reasons: after.reasons,
      renewal: { modules: renewal.modules(), hours: round2(renewal.hours), available: renewal.available },
    });
  }
  return items.length < 2
    ? items
    : items.sort(
        (a, b) => a.rateDelta - b.rateDelta || toMillis(a.actBy) - toMillis(b.actBy) || a.certificationId.localeCompare(b.certificationId),
      );
}

// Certifications whose hold ends within the warning window (with the ISO end of that hold), and
// the lapses a grace period rests on.
function lapsing(program: CompiledProgram, state: PartnerTrainingState, nowMs: number, t: Tally, grace: Grace | null): Lapse[] {
  const lapses: Lapse[] = [];
  const warnUntil = nowMs + program.warningMs;
  const certs = state.certificates;
  // Most evaluations: every active certificate ends beyond the window.
  for (let k = 0; t.firstEnd <= warnUntil && k < certs.length; k += 1) {
    const c = certs[k]!;
    if (!activeAt(c, nowMs) || toMillis(c.expiresAt) > warnUntil) continue;
    const cert = program.certIndex.get(c.certificationId);
    if (cert === undefined || lapses.some((l) => l.cert === cert)) continue;
    // The hold on a certification ends with the last of its active certificates.
    let end = c;
    for (const o of certs)
      if (o.certificationId === c.certificationId && activeAt(o, nowMs) && toMillis(o.expiresAt) > toMillis(end.expiresAt)) end = o;
    if (toMillis(end.expiresAt) <= warnUntil) lapses.push({ cert, code: 'stake.expiring', expiresAt: end.expiresAt });
  }
  for (const l of grace?.lapses ?? []) lapses.push({ cert: l.cert, code: 'stake.grace', expiresAt: toIso(l.expiredMs) });
  return lapses;
}

interface After {
  rank: number;
  units: number;
  /** The tier requirements and bonus points the certificate holds up. */
  reasons: Reason[];
}

// The partner once active certification `j` has ended and its grace period run out; null when
// that costs nothing.
function withoutActive(
  program: CompiledProgram,
  state: PartnerTrainingState,
  nowMs: number,
  t: Tally,
  j: number,
  standing: Standing,
): After | null {
  const saved = program.certActive[j] ?? 0;
  const level = program.certLevel[j] ?? 0;
  program.certActive[j] = 0;
  t.active[level] = (t.active[level] ?? 0) - 1;
  // Its end is not in the past, so the grace rule sees only the other certificates' lapses.
  const rank = program.effectiveTier(state, nowMs, t, program.metTier(t));
  const units = program.rateUnits(rank, t);
  const after = rank >= standing.rank && units >= standing.units ? null : { rank, units, reasons: lostReasons(program, t, j, level) };
  t.active[level] = (t.active[level] ?? 0) + 1;
  program.certActive[j] = saved;
  return after;
}

// The partner once the grace period ends: the tier met without the lapsed certificates.
function withoutGrace(program: CompiledProgram, standing: Standing, t: Tally): After | null {
  const metRank = program.metTier(t);
  const units = program.rateUnits(metRank, t);
  if (metRank >= standing.rank && units >= standing.units) return null;
  const reasons: Reason[] = [];
  for (let i = metRank + 1; i <= standing.rank; i += 1) {
    for (const r of program.tiers[i]?.requirements ?? []) {
      if ((r.requirement.kind === 'certification_level' || r.requirement.kind === 'certification') && !program.met(r, t))
        reasons.push(held(program, r, t));
    }
  }
  return { rank: metRank, units, reasons };
}

// What certification `j` (of `level`) held up, with the tally as it is without it: the
// certification requirements it met alone, and the per-certification bonus points it added.
function lostReasons(program: CompiledProgram, t: Tally, j: number, level: number): Reason[] {
  const reasons: Reason[] = [];
  const count = t.active[level] ?? 0;
  for (const tier of program.tiers) {
    for (const r of tier.requirements) {
      const k = r.requirement.kind;
      const lost =
        (k === 'certification_level' && r.ref === level && count < r.target && count + 1 >= r.target) ||
        (k === 'certification' && r.ref === j);
      if (lost) reasons.push(held(program, r, t));
    }
  }
  for (const cb of program.bonuses) {
    if (cb.bonus.kind !== 'per_certification' || cb.ref !== level) continue;
    const max = Math.round(cb.bonus.max * UNITS);
    const each = cb.bonus.points * UNITS;
    const points = Math.min(Math.round((count + 1) * each), max) - Math.min(Math.round(count * each), max);
    if (points > 0) reasons.push({ code: 'stake.bonus', params: { id: cb.bonus.id, points: toPoints(points) } });
  }
  return reasons;
}

function held(program: CompiledProgram, r: CompiledRequirement, t: Tally): Reason {
  return { code: r.code, params: { ...conditionStatus(program, r, t).params, tier: r.tier } };
}
