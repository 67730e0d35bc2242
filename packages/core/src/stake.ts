import { activeAt } from './certifications.ts';
import { toPoints } from './commission.ts';
import { UNITS, type CompiledProgram, type Grace, type Tally } from './compile.ts';
import { PathBuilder } from './path.ts';
import { conditionStatus } from './requirements.ts';
import type { AtStake, Reason } from './schemas/evaluation.ts';
import { progressById, type PartnerTrainingState } from './schemas/state.ts';
import { toIso, toMillis } from './time.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

interface Lapse {
  cert: number;
  code: 'stake.expiring' | 'stake.grace';
  expiresMs: number;
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
  let progress: ReturnType<typeof progressById> | undefined;
  for (const lapse of lapses) {
    const after = lapse.code === 'stake.expiring' ? withoutActive(program, state, nowMs, t, lapse.cert) : withoutGrace(program, standing, t);
    if (after.rank >= standing.rank && after.units >= standing.units) continue;
    progress ??= progressById(state);
    const renewal = new PathBuilder(program, t, standing.rank, progress);
    renewal.addCertification(lapse.cert, state);
    const tierDrops = after.rank < standing.rank;
    const actBy = lapse.code === 'stake.expiring' ? lapse.expiresMs : (standing.grace?.untilMs ?? lapse.expiresMs);
    const rateDelta = toPoints(after.units - standing.units);
    const revenue = state.partner.trailingRevenue;
    items.push({
      code: lapse.code,
      certificationId: program.certifications[lapse.cert]?.id ?? '',
      expiresAt: toIso(lapse.expiresMs),
      actBy: toIso(actBy),
      tierDropsAt: tierDrops ? toIso(lapse.code === 'stake.expiring' ? lapse.expiresMs + program.graceMs : actBy) : null,
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
  return items.sort((a, b) => a.rateDelta - b.rateDelta || toMillis(a.actBy) - toMillis(b.actBy) || a.certificationId.localeCompare(b.certificationId));
}

// Certifications whose hold ends within the warning window, and the lapses a grace period rests on.
function lapsing(program: CompiledProgram, state: PartnerTrainingState, nowMs: number, t: Tally, grace: Grace | null): Lapse[] {
  const lapses: Lapse[] = [];
  const warnUntil = nowMs + program.warningMs;
  let soon = false;
  for (const c of state.certificates) if (activeAt(c, nowMs) && toMillis(c.expiresAt) <= warnUntil) soon = true;
  if (soon) {
    // The hold on a certification ends with the last of its active certificates.
    const ends = new Map<number, number>();
    for (const c of state.certificates) {
      const j = program.certIndex.get(c.certificationId);
      if (j === undefined || program.certActive[j] !== t.stamp || !activeAt(c, nowMs)) continue;
      ends.set(j, Math.max(ends.get(j) ?? -Infinity, toMillis(c.expiresAt)));
    }
    for (const [cert, expiresMs] of ends) if (expiresMs <= warnUntil) lapses.push({ cert, code: 'stake.expiring', expiresMs });
  }
  for (const l of grace?.lapses ?? []) lapses.push({ cert: l.cert, code: 'stake.grace', expiresMs: l.expiredMs });
  return lapses;
}

interface After {
  rank: number;
  units: number;
  /** The tier requirements and bonus points the certificate holds up. */
  reasons: Reason[];
}

// The partner once active certification `j` has ended and its grace period run out.
function withoutActive(program: CompiledProgram, state: PartnerTrainingState, nowMs: number, t: Tally, j: number): After {
  const before = heldRequirements(program, t);
  const bonusBefore = bonusUnits(program, t);
  const saved = program.certActive[j] ?? 0;
  const level = program.certLevel[j] ?? 0;
  program.certActive[j] = 0;
  t.active[level] = (t.active[level] ?? 0) - 1;
  const metRank = program.metTier(t);
  // Its end is not in the past, so the grace rule sees only the other certificates' lapses.
  const rank = program.effectiveTier(state, nowMs, t, metRank);
  const units = program.rateUnits(rank, t);
  const reasons = lostReasons(program, t, before, bonusBefore);
  t.active[level] = (t.active[level] ?? 0) + 1;
  program.certActive[j] = saved;
  return { rank, units, reasons };
}

// The partner once the grace period ends: the tier met without the lapsed certificates.
function withoutGrace(program: CompiledProgram, standing: Standing, t: Tally): After {
  const metRank = program.metTier(t);
  const units = program.rateUnits(metRank, t);
  const reasons: Reason[] = [];
  for (let i = metRank + 1; i <= standing.rank; i += 1) {
    for (const r of program.tiers[i]?.requirements ?? []) {
      if (r.requirement.kind !== 'certification_level' && r.requirement.kind !== 'certification') continue;
      if (!program.met(r, t)) reasons.push({ code: r.code, params: { ...conditionStatus(program, r, t).params, tier: r.tier } });
    }
  }
  return { rank: metRank, units, reasons };
}

function heldRequirements(program: CompiledProgram, t: Tally): boolean[] {
  return program.tiers.flatMap((tier) => tier.requirements.map((r) => program.met(r, t)));
}

// Units each per-certification bonus adds now.
function bonusUnits(program: CompiledProgram, t: Tally): number[] {
  return program.bonuses.map((cb) =>
    cb.bonus.kind === 'per_certification' ? Math.min(Math.round((t.active[cb.ref] ?? 0) * cb.bonus.points * UNITS), Math.round(cb.bonus.max * UNITS)) : 0,
  );
}

function lostReasons(program: CompiledProgram, t: Tally, metBefore: readonly boolean[], bonusBefore: readonly number[]): Reason[] {
  const reasons: Reason[] = [];
  let k = 0;
  for (const tier of program.tiers) {
    for (const r of tier.requirements) {
      if (metBefore[k] === true && !program.met(r, t)) reasons.push({ code: r.code, params: { ...conditionStatus(program, r, t).params, tier: r.tier } });
      k += 1;
    }
  }
  const bonusAfter = bonusUnits(program, t);
  program.bonuses.forEach((cb, i) => {
    const lost = (bonusBefore[i] ?? 0) - (bonusAfter[i] ?? 0);
    if (lost > 0) reasons.push({ code: 'stake.bonus', params: { id: cb.bonus.id, points: toPoints(lost) } });
  });
  return reasons;
}
