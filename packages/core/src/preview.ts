import { toPoints } from './commission.ts';
import { compile, UNITS, type CompiledProgram } from './compile.ts';
import { explain } from './evaluate.ts';
import type { Catalog } from './schemas/catalog.ts';
import type { Evaluation, Reason } from './schemas/evaluation.ts';
import type { PolicyPreview, PreviewPartner, PreviewSummary, PreviewTier } from './schemas/preview.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { PartnerTrainingState } from './schemas/state.ts';
import { atStake } from './stake.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

/** A policy over a catalog: the one in force, or a candidate. */
export interface ProgramDefinition {
  policy: TierPolicy;
  catalog: Catalog;
}

export interface PreviewOptions {
  current: ProgramDefinition;
  candidate: ProgramDefinition;
  /** Both programs evaluate every partner at this instant. */
  now: Date;
  /** False for a later page of the list: the partners fed are those after the previous page, and no summary is made. Default true. */
  summary?: boolean;
  /** Affected partners per page. */
  limit: number;
}

/** One partner under one program: rank and rate units as the engine computes them. */
interface Standing {
  rank: number;
  units: number;
  grace: boolean;
  atStake: boolean;
}

function standing(program: CompiledProgram, state: PartnerTrainingState, nowMs: number): Standing {
  const t = program.collect(state, nowMs);
  const metRank = program.metTier(t);
  const grace = program.grace(state, nowMs, t, metRank);
  const rank = grace === null ? metRank : grace.held;
  const units = program.rateUnits(rank, t);
  return { rank, units, grace: grace !== null, atStake: atStake(program, state, nowMs, t, { rank, units, grace }).length > 0 };
}

interface TierTotals {
  name: string;
  beforePartners: number;
  beforeUnits: number;
  afterPartners: number;
  afterUnits: number;
}

interface YearlyTotals {
  partners: number;
  before: number;
  after: number;
}

/**
 * What a candidate program would do to every partner, fed one partner at a time in ascending id
 * order, so a caller can stream any number of them through it and keep only the page: counts and
 * commission per tier before and after, moves, yearly value, grace and what is at stake, and the
 * affected partners with what moved them. Both programs evaluate at the same `now`, so the result
 * depends on the partners, the programs and `now` alone. Writes nothing.
 *
 * @example
 * const preview = new PolicyPreviewer({ current, candidate, now, limit: 100 });
 * for (const state of states) if (!preview.add(state)) break;
 * const { summary, partners, next } = preview.result();
 */
export class PolicyPreviewer {
  readonly #current: CompiledProgram;
  readonly #candidate: CompiledProgram;
  readonly #nowMs: number;
  readonly #limit: number;
  readonly #summarize: boolean;
  readonly #tiers = new Map<string, TierTotals>();
  readonly #yearly = new Map<string | null, YearlyTotals>();
  readonly #page: PreviewPartner[] = [];
  #next: string | null = null;
  #partners = 0;
  #movedUp = 0;
  #movedDown = 0;
  #rateUp = 0;
  #rateDown = 0;
  #beforeUnits = 0;
  #afterUnits = 0;
  readonly #grace = { before: 0, after: 0, entering: 0 };
  readonly #atStake = { before: 0, after: 0, entering: 0 };

  constructor({ current, candidate, now, limit, summary = true }: PreviewOptions) {
    this.#current = compile(current);
    this.#candidate = compile(candidate);
    this.#nowMs = now.getTime();
    this.#limit = limit;
    this.#summarize = summary;
    // The candidate's tiers first, in order, then those only the policy in force has.
    for (const t of [...this.#candidate.tiers, ...this.#current.tiers])
      if (!this.#tiers.has(t.id))
        this.#tiers.set(t.id, { name: t.name, beforePartners: 0, beforeUnits: 0, afterPartners: 0, afterUnits: 0 });
  }

  /** Takes the next partner. False once nothing more is needed: the page is full and no summary is being made. */
  add(state: PartnerTrainingState): boolean {
    const id = state.partner.id;
    const before = standing(this.#current, state, this.#nowMs);
    const after = standing(this.#candidate, state, this.#nowMs);
    const beforeTier = this.#current.tiers[before.rank]?.id ?? '';
    const afterTier = this.#candidate.tiers[after.rank]?.id ?? '';
    // Positions compared in the candidate; a tier it lacks keeps its position in force.
    const from = this.#candidate.tierRank.get(beforeTier) ?? before.rank;
    const move = after.rank > from ? 'up' : after.rank < from ? 'down' : 'none';
    if (this.#summarize) this.#count(state, before, after, beforeTier, afterTier, move);
    const entersGrace = after.grace && !before.grace;
    const entersAtStake = after.atStake && !before.atStake;
    if (move === 'none' && !entersGrace && !entersAtStake) return true;
    if (this.#page.length === this.#limit) {
      this.#next ??= this.#page.at(-1)?.partnerId ?? null;
      return this.#summarize;
    }
    const revenue = state.partner.trailingRevenue;
    const delta = after.units - before.units;
    this.#page.push({
      partnerId: id,
      name: state.partner.name,
      tier: { before: beforeTier, after: afterTier },
      move,
      rate: { before: toPoints(before.units), after: toPoints(after.units), delta: toPoints(delta) },
      yearlyValue: revenue === undefined ? null : round2((revenue * toPoints(delta)) / 100),
      currency: state.partner.currency ?? null,
      entersGrace,
      entersAtStake,
      reasons: this.#reasons(state, before.rank, after.rank, move, entersGrace, entersAtStake),
    });
    return true;
  }

  result(): Pick<PolicyPreview, 'summary' | 'partners' | 'next'> {
    return { summary: this.#summarize ? this.#summary() : null, partners: this.#page, next: this.#next };
  }

  #count(state: PartnerTrainingState, before: Standing, after: Standing, beforeTier: string, afterTier: string, move: string): void {
    this.#partners += 1;
    const b = this.#tiers.get(beforeTier);
    const a = this.#tiers.get(afterTier);
    if (b) {
      b.beforePartners += 1;
      b.beforeUnits += before.units;
    }
    if (a) {
      a.afterPartners += 1;
      a.afterUnits += after.units;
    }
    this.#beforeUnits += before.units;
    this.#afterUnits += after.units;
    if (move === 'up') this.#movedUp += 1;
    else if (move === 'down') this.#movedDown += 1;
    if (after.units > before.units) this.#rateUp += 1;
    else if (after.units < before.units) this.#rateDown += 1;
    const revenue = state.partner.trailingRevenue;
    if (revenue !== undefined) {
      const currency = state.partner.currency ?? null;
      let y = this.#yearly.get(currency);
      if (!y) this.#yearly.set(currency, (y = { partners: 0, before: 0, after: 0 }));
      y.partners += 1;
      y.before += (revenue * before.units) / UNITS / 100;
      y.after += (revenue * after.units) / UNITS / 100;
    }
    const tally = (counts: { before: number; after: number; entering: number }, was: boolean, is: boolean) => {
      if (was) counts.before += 1;
      if (is) counts.after += 1;
      if (is && !was) counts.entering += 1;
    };
    tally(this.#grace, before.grace, after.grace);
    tally(this.#atStake, before.atStake, after.atStake);
  }

  #summary(): PreviewSummary {
    const tiers: PreviewTier[] = [...this.#tiers].map(([tier, t]) => ({
      tier,
      name: t.name,
      before: { partners: t.beforePartners, points: toPoints(t.beforeUnits) },
      after: { partners: t.afterPartners, points: toPoints(t.afterUnits) },
    }));
    const yearly = [...this.#yearly]
      .sort(([a], [b]) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
      .map(([currency, y]) => ({
        currency,
        partners: y.partners,
        before: round2(y.before),
        after: round2(y.after),
        delta: round2(y.after - y.before),
      }));
    return {
      partners: this.#partners,
      tiers,
      movedUp: this.#movedUp,
      movedDown: this.#movedDown,
      rateUp: this.#rateUp,
      rateDown: this.#rateDown,
      points: {
        before: toPoints(this.#beforeUnits),
        after: toPoints(this.#afterUnits),
        delta: toPoints(this.#afterUnits - this.#beforeUnits),
      },
      yearly,
      grace: { ...this.#grace },
      atStake: { ...this.#atStake },
    };
  }

  // What moved the partner, from the full explanations (built for the listed partners only).
  #reasons(state: PartnerTrainingState, beforeRank: number, afterRank: number, move: string, grace: boolean, stake: boolean): Reason[] {
    const explained = (program: CompiledProgram) => explain(program, state, this.#nowMs, program.collect(state, this.#nowMs));
    const reasons: Reason[] = [];
    const after = explained(this.#candidate);
    if (move === 'down') {
      const to = this.#candidate.tierRank.get(this.#current.tiers[beforeRank]?.id ?? '') ?? beforeRank;
      reasons.push(...unmet(after, afterRank + 1, to));
    } else if (move === 'up') {
      const to = this.#current.tierRank.get(this.#candidate.tiers[afterRank]?.id ?? '') ?? afterRank;
      reasons.push(...unmet(explained(this.#current), beforeRank + 1, to));
    }
    if (grace) reasons.push(...(after.atRisk?.reasons ?? []));
    if (stake)
      for (const s of after.atStake)
        reasons.push({
          code: s.code,
          params: { certificationId: s.certificationId, tierAfter: s.tierAfter, rateDelta: s.rateDelta, actBy: s.actBy },
        });
    return reasons;
  }
}

// The unmet requirements of tiers `from` to `to` (ranks, inclusive) of an evaluation.
function unmet(e: Evaluation, from: number, to: number): Reason[] {
  const reasons: Reason[] = [];
  for (let i = from; i <= to && i < e.tiers.length; i += 1)
    for (const r of e.tiers[i]?.requirements ?? [])
      if (!r.met) reasons.push({ code: r.code, params: { ...r.params, tier: r.tier, current: r.current, target: r.target } });
  return reasons;
}

/**
 * `PolicyPreviewer` over a list, for partners already in memory.
 *
 * @example
 * const { summary } = previewProgram({ current, candidate, now, limit: 50, states });
 */
export function previewProgram(
  options: PreviewOptions & { states: Iterable<PartnerTrainingState> },
): Pick<PolicyPreview, 'summary' | 'partners' | 'next'> {
  const preview = new PolicyPreviewer(options);
  for (const state of options.states) if (!preview.add(state)) break;
  return preview.result();
}
