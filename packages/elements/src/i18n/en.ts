import type { ReasonParam } from '@siso/training-core';

/** Parameters of a reason code, and a way to turn the ids in them into names. */
export type Params = Record<string, ReasonParam>;
export interface Names {
  tier(id: unknown): string;
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
 * sends (`recommendation.*`, `requirement.*`, `locked.*`, `certificate.*`, history event types);
 * an unknown code falls back to `unknownCode`.
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
  modulesCompleted: 'Modules completed',
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
  atRisk: (tier: string, fallback: string, date: string) => `${tier} is held until ${date}; after that it drops to ${fallback}.`,
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
  lineBonusCount: (count: string) => `(${count})`,
  lineCap: (cap: string) => `Capped at ${cap}`,
  notApplied: 'not yet',
  yearlyValue: (value: string) => `≈ ${value} a year`,
  points: (points: string) => `${points} pts`,
  nextStep: 'Next best step',
  nextStepModule: (module: string, tier: string, points: string) => `Complete ${module} to reach ${tier}: +${points} points`,
  nextStepModuleRate: (module: string, points: string) => `Complete ${module}: +${points} points`,
  nextStepTier: (what: string, tier: string, points: string) => `Reach ${tier} — ${what}: +${points} points`,
  nothingToRaise: 'Your rate is at its maximum for now.',
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
  launch: 'Open',
  resume: 'Continue',
  markDone: 'Mark as done',
  locked: 'Locked',
  actionError: 'That did not work. Please try again.',
  certificates: 'Certificates',
  noCertificates: 'No certificates yet.',
  certificateStatus: { active: 'Active', expiring: 'Expiring soon', expired: 'Expired', revoked: 'Revoked' } as Record<string, string>,
  issuedOn: (date: string) => `Issued ${date}`,
  expiresOn: (date: string) => `Expires ${date}`,
  expiredOn: (date: string) => `Expired ${date}`,
  verify: 'Verify',
  printCertificate: 'View and print',
  copyLink: 'Copy verification link',
  linkCopied: 'Link copied',
  renewWith: (modules: string) => `To renew, retake: ${modules}`,
  certificationProgress: (done: string, total: string) => `${done} of ${total} required modules`,
  history: 'History',
  noHistory: 'Nothing has happened yet.',
  tiers: 'Tiers',
  tierRequirements: (tier: string, factor: string) => `${tier} · ×${factor}`,
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
    'locked.prerequisites': (p, n) => `Needs ${n.list(p.missing, n.module)} first`,
    'locked.min_tier': (p, n) => `Needs ${n.tier(p.minTier)} tier`,
    'certificate.lapsed': (p, n) => `${n.certification(p.certificationId)} expired ${n.date(p.expiredAt)}`,
    'requirement.category_complete': (p, n) => `All ${n.category(p.category)} modules completed`,
    'requirement.category_count': (p, n) => `${n.number(p.count)} ${n.category(p.category)} ${p.count === 1 ? 'module' : 'modules'} completed`,
    'requirement.module_completed': (p, n) => `${n.module(p.moduleId)} completed`,
    'requirement.training_hours': (p, n) => `${n.number(p.hours)} training ${p.hours === 1 ? 'hour' : 'hours'}`,
    'requirement.certification_level': (p, n) =>
      `${n.number(p.count)} active ${p.level === 'advanced' ? 'advanced' : 'foundation'} ${p.count === 1 ? 'certification' : 'certifications'}`,
    'requirement.certification': (p, n) => `${n.certification(p.certificationId)} active`,
    'requirement.performance': (p, n) => `Performance score ${n.number(p.score)}`,
    'progress.updated': (p, n) => `Progress in ${n.module(p.moduleId)}`,
    'module.completed': (p, n) => `Completed ${n.module(p.moduleId)}`,
    'certificate.issued': (p, n) => `Earned ${n.certification(p.certificationId)}`,
    'certificate.expiring': (p, n) => `${n.certification(p.certificationId)} expires soon`,
    'certificate.revoked': (p, n) => `${n.certification(p.certificationId)} revoked`,
    'tier.changed': (p, n) => `Tier changed from ${n.tier(p.from)} to ${n.tier(p.to)}`,
    'commission.changed': (p, n) => `Commission rate changed from ${n.number(p.from)}% to ${n.number(p.to)}%`,
    'recommendations.updated': () => 'Recommendations updated',
  } as Record<string, CodeText>,
};

/** Every string an element shows. */
export type Strings = typeof en;
