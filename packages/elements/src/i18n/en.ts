import type { ReasonParam } from '@siso/training-core';

/** Parameters of a reason code, and a way to turn the ids in them into names. */
export type Params = Record<string, ReasonParam>;
export interface Names {
  tier(id: unknown): string;
  /** A commission bonus's label (`lineBonus`). */
  bonus(id: unknown): string;
  module(id: unknown): string;
  certification(id: unknown): string;
  category(id: unknown): string;
  number(n: unknown): string;
  date(iso: unknown): string;
  list(ids: unknown, name: (id: unknown) => string): string;
}
export type CodeText = (p: Params, n: Names) => string;

/**
 * English, the default. Every string an element shows is here; override any of them with the
 * element's `strings` property. `codes` translates the reason and requirement codes the API
 * sends (`recommendation.*`, `requirement.*`, `locked.*`, `certificate.*`, `stake.*`, `path.*`,
 * history event types); an unknown code falls back to `unknownCode`.
 */
export const en = {
  progressTitle: 'Training progress',
  hubTitle: 'Training hub',
  loading: 'Loading training…',
  loadError: 'Training could not be loaded.',
  retry: 'Try again',
  signedOut: 'Sign in to see your training.',
  notConfigured: 'Set a token, token-url or tokenProvider to show training.',
  offline: 'Offline — showing the last known state.',
  reconnecting: 'Reconnecting…',
  empty: 'No training is assigned yet.',
  overallProgress: 'Overall training progress',
  modulesOf: (completed: string, total: string) => `${completed} of ${total} modules`,
  timeSpent: 'Time spent',
  certificatesEarned: 'Certificates earned',
  badges: 'Achievements',
  badge: {
    'first-module': 'First module',
    halfway: 'Halfway there',
    'core-complete': 'Core complete',
    'ten-hours': '10 training hours',
    certified: 'Certified',
    'all-done': 'Everything done',
  } as Record<string, string>,
  tier: 'Tier',
  tierName: (tier: string) => `${tier} tier`,
  towardsTier: (tier: string) => `Progress to ${tier}`,
  topTier: 'You are at the highest tier.',
  met: 'Met',
  notMet: 'Not met',
  commission: 'Commission rate',
  commissionBreakdown: 'How the rate is made up',
  lineBase: 'Base rate',
  lineMultiplier: (tier: string, factor: string) => `${tier} multiplier ×${factor}`,
  lineBonus: {
    training: 'Training bonus',
    'training-bonus': 'Training bonus',
    'certification-uplift': 'Certification uplift',
  } as Record<string, string>,
  lineBonusOther: (id: string) => `Bonus: ${id}`,
  /** What earns an `absolute` (`gain`: "+5 points") or `relative` ("×1.05") bonus, and how far the partner is. */
  bonusWhen: (gain: string, condition: string, progress: string) => `${gain} when met: ${condition} — ${progress}`,
  /** A `per_certification` (`what`: the level id) or `per_module` (`what`: the category's name) bonus. */
  bonusPer: (kind: string, what: string, points: string, max: string, count: string) =>
    `${points} per ${kind === 'per_module' ? `completed ${what} module` : `active ${what === 'advanced' ? 'advanced' : 'foundation'} certification`}, up to ${max} — ${count} so far`,
  progressOf: (current: string, target: string) => `${current} of ${target}`,
  lineCap: (cap: string) => `Capped at ${cap}`,
  notApplied: 'not yet',
  /** What the whole rate is worth a year; a gain, a loss and what a renewal keeps each have their own string. */
  yearlyValue: (value: string) => `Worth ≈ ${value} a year at this rate`,
  points: (points: string) => `${points} pts`,
  /** `n` points, for the plural: "1 point", "4 points". */
  pointCount: (points: string, n: number) => `${points} ${n === 1 ? 'point' : 'points'}`,
  /** `points` from `pointCount`; `money` (a year, unsigned) is empty without revenue. */
  gain: (points: string, money: string) => `+${points}${money ? ` (+${money} a year)` : ''}`,
  // A word joiner keeps the minus with the amount: a line must not end in "−".
  loss: (points: string, money: string) => `−${points}${money ? `, ≈ −\u2060${money} a year` : ''}`,
  keeps: (points: string, money: string) => `keeps ${points}${money ? ` (≈ ${money} a year)` : ''}`,
  nextStep: 'Next best step',
  nextStepRenew: (certification: string, date: string, keep: string, modules: string, keeps: string) =>
    `Renew ${certification} by ${date} to keep ${keep}: ${modules} — ${keeps}`,
  /** `what`: the modules, or what the tier needs that no module gives; `gain` may be empty. */
  nextStepTier: (tier: string, what: string, gain: string) => `Reach ${tier}: ${what}${gain ? `: ${gain}` : ''}`,
  alsoNeeds: (tier: string, what: string) => `${tier} also needs: ${what}`,
  yours: (what: string, current: string) => `${what} (yours: ${current})`,
  nextStepModule: (module: string, tier: string, gain: string) => `Complete ${module} to reach ${tier}: ${gain}`,
  nextStepModuleRate: (module: string, gain: string) => `Complete ${module}: ${gain}`,
  nothingToRaise: 'Your rate is at its maximum for now.',
  /** Module titles and their `pathSize`. */
  pathModules: (titles: string, size: string) => `${titles} (${size})`,
  pathSize: (count: string, n: number, hours: string) => `${count} ${n === 1 ? 'module' : 'modules'}, ${hours} h`,
  /** The last item of a shortened list: "A, B, C and 2 more". */
  andMore: (count: string) => `${count} more`,
  /** `keep`: `tierAndRate`, or the rate alone when the tier does not drop; `path`: `pathSize` or empty. */
  stakeExpiring: (certification: string, date: string, keep: string, loss: string, path: string) =>
    `${certification} expires ${date}. Renew by then to keep ${keep} (${loss})${path ? `: ${path}` : ''}`,
  /** `after`: `tierAndRate` of the tier it drops to. */
  stakeGrace: (certification: string, date: string, tier: string, until: string, after: string, loss: string, path: string) =>
    `${certification} expired ${date}. ${tier} is held until ${until}, then it drops to ${after} (${loss})${path ? `: renew with ${path}` : ''}`,
  tierAndRate: (tier: string, rate: string) => `${tier} and ${rate}`,
  renewAction: 'Renew now',
  hubLink: 'Open training hub',
  atStake: 'What is at stake',
  actBy: (date: string) => `Act by ${date}`,
  neededFor: 'Needed for',
  recommendations: 'Recommended for you',
  noRecommendations: 'No recommendations right now.',
  catalog: 'Catalog',
  search: 'Search modules',
  category: 'Category',
  status: 'Status',
  all: 'All',
  categories: { core: 'Core', advanced: 'Advanced', elective: 'Elective' } as Record<string, string>,
  statuses: { not_started: 'Not started', in_progress: 'In progress', completed: 'Completed' } as Record<string, string>,
  noMatches: 'No modules match these filters.',
  minutes: (minutes: string) => `${minutes} min`,
  hoursLeft: (hours: string) => `${hours} h left`,
  /** A control's accessible name: its visible label and what it acts on ("Continue: Pricing"). */
  actionOn: (action: string, what: string) => `${action}: ${what}`,
  launch: 'Open',
  resume: 'Continue',
  markDone: 'Mark as done',
  locked: 'Locked',
  actionError: 'That did not work. Please try again.',
  certificates: 'Certificates',
  noCertificates: 'No certificates yet.',
  certificateStatus: {
    active: 'Active',
    expiring: 'Expiring soon',
    expired: 'Expired',
    revoked: 'Revoked',
    pending: 'Not yet valid',
  } as Record<string, string>,
  issuedOn: (date: string) => `Issued ${date}`,
  validFrom: (date: string) => `Valid from ${date}`,
  expiresOn: (date: string) => `Expires ${date}`,
  expiredOn: (date: string) => `Expired ${date}`,
  printCertificate: 'View and print',
  copyLink: 'Copy verification link',
  linkCopied: 'Link copied',
  renewWith: (modules: string) => `To renew, complete: ${modules}`,
  regainWith: (modules: string) => `To earn it again, complete: ${modules}`,
  certificationProgress: (done: string, total: string) => `${done} of ${total} required modules`,
  score: 'Partner score',
  /** Each part is `weighted`. */
  scoreParts: (score: string, performance: string, completion: string, assessment: string) =>
    `${score} — performance ${performance}, training completed ${completion}, assessment average ${assessment}`,
  weighted: (value: string, weight: string) => `${value} (${weight})`,
  scoreGain: (points: string) => `+${points} partner score`,
  history: 'History',
  noHistory: 'Nothing has happened yet.',
  tiers: 'Tiers',
  tierRequirements: (tier: string, factor: string) => `${tier} (×${factor})`,
  noRequirements: 'No requirements.',
  current: 'Current',
  whatIf: 'What if…',
  whatIfHint: 'Pick modules to see how your tier and rate would change.',
  whatIfModules: 'Modules to complete',
  whatIfResult: (tier: string, rate: string) => `${tier} at ${rate}`,
  whatIfDelta: (points: string) => `${points} points`,
  whatIfNone: 'Pick at least one module.',
  whatIfCertificates: (names: string) => `Earns ${names}`,
  whatIfUnavailable: 'What-if is not available from this server yet.',
  unknownCode: (code: string) => code,
  codes: {
    'recommendation.reaches_tier': (p, n) => `Reaches ${n.tier(p.tier)}`,
    'recommendation.rate_gain': (p, n) => `+${n.number(p.rateDelta)} points commission`,
    'recommendation.unlocks_requirement': (p, n) => `Completes a ${n.tier(p.tier)} requirement`,
    'recommendation.advances_requirement': (p, n) => `Counts towards ${n.tier(p.tier)}`,
    'recommendation.earns_certification': (p, n) => `Earns ${n.certification(p.certificationId)}`,
    'recommendation.certification_progress': (p, n) =>
      `${n.number(p.remaining)} ${p.remaining === 1 ? 'module' : 'modules'} left for ${n.certification(p.certificationId)}`,
    'recommendation.weak_area': (p, n) => `Strengthens ${n.category(p.category)}`,
    'recommendation.renews': (p, n) =>
      `Renews ${n.certification(p.certificationId)} by ${n.date(p.actBy)}, keeps ${p.tier ? `${n.tier(p.tier)} and ` : ''}${n.number(p.points)} ${p.points === 1 ? 'point' : 'points'}`,
    'recommendation.on_path': (p, n) => `Step ${n.number(p.step)} of ${n.number(p.steps)} to ${n.tier(p.tier)}`,
    'locked.prerequisites': (p, n) => `Needs ${n.list(p.missing, n.module)} first`,
    'locked.min_tier': (p, n) => `Needs ${n.tier(p.minTier)} tier`,
    'certificate.lapsed': (p, n) => `${n.certification(p.certificationId)} expired ${n.date(p.expiredAt)}`,
    'requirement.category_complete': (p, n) => `All ${n.category(p.category)} modules completed`,
    'requirement.category_count': (p, n) =>
      `${n.number(p.count)} ${n.category(p.category)} ${p.count === 1 ? 'module' : 'modules'} completed`,
    'requirement.module_completed': (p, n) => `${n.module(p.moduleId)} completed`,
    'requirement.training_hours': (p, n) => `${n.number(p.hours)} training ${p.hours === 1 ? 'hour' : 'hours'}`,
    'requirement.certification_level': (p, n) =>
      `${n.number(p.count)} active ${p.level === 'advanced' ? 'advanced' : 'foundation'} ${p.count === 1 ? 'certification' : 'certifications'}`,
    'requirement.certification': (p, n) => `${n.certification(p.certificationId)} active`,
    'requirement.performance': (p, n) => `Performance score ${n.number(p.score)}`,
    'stake.expiring': () => 'Ends soon',
    'stake.grace': () => 'Grace period',
    'stake.bonus': (p, n) => `${n.bonus(p.id)} (${n.number(p.points)} ${p.points === 1 ? 'point' : 'points'})`,
    'path.take': () => 'Take',
    'path.retake': () => 'Take again',
    'path.pass': () => 'Pass again',
    'progress.updated': (p, n) => `Progress in ${n.module(p.moduleId)}`,
    'module.completed': (p, n) => `Completed ${n.module(p.moduleId)}`,
    'certificate.issued': (p, n) => `Earned ${n.certification(p.certificationId)}`,
    'certificate.expiring': (p, n) => `${n.certification(p.certificationId)} expires soon`,
    'certificate.expired': (p, n) => `${n.certification(p.certificationId)} expired`,
    'certificate.revoked': (p, n) => `${n.certification(p.certificationId)} revoked`,
    'grace.started': (p, n) => `${n.tier(p.tier)} held until ${n.date(p.until)}, then ${n.tier(p.fallbackTier)}`,
    'grace.ended': (p, n) => `${n.tier(p.tier)} ${p.outcome === 'kept' ? 'kept' : 'lost'} after the grace period`,
    'tier.changed': (p, n) => `Tier changed from ${n.tier(p.from)} to ${n.tier(p.to)}`,
    'commission.changed': (p, n) => `Commission rate changed from ${n.number(p.from)}% to ${n.number(p.to)}%`,
    'recommendations.updated': () => 'Recommendations updated',
  } as Record<string, CodeText>,
};

/** Every string an element shows. */
export type Strings = typeof en;
