import type { Catalog, Certification, Module } from './schemas/catalog.ts';
import type { CertificationState, CertificationStatus } from './schemas/standing.ts';
import type { TierPolicy } from './schemas/policy.ts';
import type { CertificateStatus } from './schemas/snapshot.ts';
import type { Certificate, ModuleProgressEntry, PartnerTrainingState } from './schemas/state.ts';
import { progressById, type ProgressLookup } from './progress.ts';
import { addDays, addMonths, toMillis } from './time.ts';

/** How long before its end a certificate is `expiring` when the policy does not say. */
export const DEFAULT_WARNING_DAYS = 60;

/** The policy's warning window in days (`downgrade.warningDays`, default 60). */
export function warningDays(policy: Pick<TierPolicy, 'downgrade'>): number {
  return policy.downgrade.warningDays ?? DEFAULT_WARNING_DAYS;
}

/**
 * When a certificate issued at `issuedAt` expires: `validityMonths` calendar months later.
 *
 * @example
 * certificateExpiry({ issuedAt: '2026-01-31T09:00:00.000Z', validityMonths: 1 }); // '2026-02-28T09:00:00.000Z'
 */
export function certificateExpiry({ issuedAt, validityMonths }: { issuedAt: string; validityMonths: number }): string {
  return addMonths(issuedAt, validityMonths);
}

/** Issued (not in the future), not revoked, and `now` before `expiresAt`. */
export function isCertificateActive(certificate: Certificate, now: Date): boolean {
  return activeAt(certificate, now.getTime());
}

/** `isCertificateActive` at an instant in ms, for the engine's loops. */
export function activeAt(certificate: Certificate, nowMs: number): boolean {
  return certificate.revokedAt === null && toMillis(certificate.issuedAt) <= nowMs && nowMs < toMillis(certificate.expiresAt);
}

export interface CertificateStatusOptions {
  /** Every certificate of the partner: a certificate renewed by a later one is not `expiring`. */
  certificates: readonly Certificate[];
  now: Date;
  /** The policy's warning window (`warningDays(policy)`). */
  warningDays: number;
}

/**
 * The status of each certificate, in the order given: `revoked`; `pending` (issued in the
 * future); `expired`; `expiring` when active and the partner's hold on its certification ends
 * within the warning window (a certificate outlived by a renewal is not); else `active`.
 *
 * @example
 * certificateStatuses({ certificates: state.certificates, now, warningDays: warningDays(policy) }); // ['active', 'expired']
 */
export function certificateStatuses({ certificates, now, warningDays: days }: CertificateStatusOptions): CertificateStatus[] {
  const nowMs = now.getTime();
  // When the partner's hold on each certification ends: the latest end of its active certificates.
  const holdEnds = new Map<string, number>();
  for (const c of certificates) {
    if (!isCertificateActive(c, now)) continue;
    holdEnds.set(c.certificationId, Math.max(holdEnds.get(c.certificationId) ?? -Infinity, toMillis(c.expiresAt)));
  }
  const warnFrom = (ends: number) => addDays(ends, -days);
  return certificates.map((c): CertificateStatus => {
    if (c.revokedAt !== null) return 'revoked';
    if (toMillis(c.issuedAt) > nowMs) return 'pending';
    const ends = toMillis(c.expiresAt);
    if (nowMs >= ends) return 'expired';
    return ends >= (holdEnds.get(c.certificationId) ?? ends) && nowMs >= warnFrom(ends) ? 'expiring' : 'active';
  });
}

/**
 * How many certifications the partner holds an active certificate of: the summary's
 * "certificates earned", counted as the evaluation counts them (several certificates of one
 * certification count once).
 */
export function certificatesHeld(certificates: readonly Certificate[], now: Date): number {
  const held = new Set<string>();
  for (const c of certificates) if (isCertificateActive(c, now)) held.add(c.certificationId);
  return held.size;
}

export interface CertificationOptions {
  catalog: Catalog;
  state: PartnerTrainingState;
  now: Date;
}

// A `self` module has no assessment, so completing it is passing it.
function passed(module: Module | undefined, score: number | null, passingScore: number): boolean {
  if (score === null) return module?.completion === 'self';
  return score >= passingScore;
}

/** When the latest certificate of a certification was issued (revoked ones too); -Infinity for none. */
export function lastIssued(certificates: readonly Certificate[], certificationId: string): number {
  let last = -Infinity;
  for (const c of certificates) if (c.certificationId === certificationId) last = Math.max(last, toMillis(c.issuedAt));
  return last;
}

/** A certification's required modules, by whether they count towards a new certificate. */
export interface RequiredModules {
  /** Completed, passed, and after the last certificate. */
  counted: string[];
  /** Not completed. */
  missing: string[];
  /** Completed with a score below the passing score (or none where one is needed). */
  belowPassing: string[];
  /** Passed before the last certificate was issued. */
  retake: string[];
}

/**
 * Which required modules of a certification count towards a new certificate of it. A certificate
 * uses up the completions it was earned with: after one is issued (and even revoked), a module
 * counts again only once passed again. The renewal rule and the first award are the same rule.
 *
 * @example
 * requiredModules(certification, modulesById, progressById(state), state.certificates).retake; // ['architecture-deep-dive', …]
 */
export function requiredModules(
  certification: Certification,
  modules: ReadonlyMap<string, Module>,
  progress: ProgressLookup,
  certificates: readonly Certificate[],
): RequiredModules {
  const since = lastIssued(certificates, certification.id);
  const out: RequiredModules = { counted: [], missing: [], belowPassing: [], retake: [] };
  for (const id of certification.requiredModules) {
    const p = progress.get(id);
    if (p === undefined || p.status !== 'completed') out.missing.push(id);
    else if (!passed(modules.get(id), p.score, certification.passingScore)) out.belowPassing.push(id);
    // A completion without a date cannot be shown to follow the certificate.
    else if (since > -Infinity && (p.completedAt === null || toMillis(p.completedAt) <= since)) out.retake.push(id);
    else out.counted.push(id);
  }
  return out;
}

function statusOf(
  c: Certification,
  modules: ReadonlyMap<string, Module>,
  progress: ReadonlyMap<string, ModuleProgressEntry>,
  { state, now }: CertificationOptions,
): CertificationStatus {
  const required = requiredModules(c, modules, progress, state.certificates);
  let latest: Certificate | null = null;
  let anyActive = false;
  for (const cert of state.certificates) {
    if (cert.certificationId !== c.id) continue;
    if (isCertificateActive(cert, now)) anyActive = true;
    // Ties broken by expiry so the result does not depend on the order of the list.
    if (
      latest === null ||
      toMillis(cert.issuedAt) > toMillis(latest.issuedAt) ||
      (cert.issuedAt === latest.issuedAt && toMillis(cert.expiresAt) > toMillis(latest.expiresAt))
    ) {
      latest = cert;
    }
  }
  const started =
    required.counted.length + required.belowPassing.length > 0 ||
    c.requiredModules.some((id) => progress.get(id)?.status === 'in_progress');
  let s: CertificationState;
  if (required.counted.length === c.requiredModules.length) s = 'due';
  else if (anyActive) s = 'active';
  else if (latest !== null) s = latest.revokedAt !== null ? 'revoked' : 'expired';
  else s = started ? 'in_progress' : 'not_started';
  return {
    certificationId: c.id,
    level: c.level,
    state: s,
    completed: required.counted.length,
    required: c.requiredModules.length,
    missing: required.missing,
    belowPassing: required.belowPassing,
    retake: required.retake,
    certificate: latest,
  };
}

/**
 * Where the partner stands with every certification of the catalog. A certification is `due`
 * when every required module counts (`requiredModules`): completed with at least its passing
 * score since the last certificate of it was issued. That holds while a certificate is still
 * active too, so passing the modules again before the end renews early.
 *
 * @example
 * certificationStatus({ catalog, state, now }).find((c) => c.certificationId === 'solution-architect')?.state; // 'in_progress'
 */
export function certificationStatus(options: CertificationOptions): CertificationStatus[] {
  const modules = new Map(options.catalog.modules.map((m) => [m.id, m]));
  const progress = progressById(options.state);
  return options.catalog.certifications.map((c) => statusOf(c, modules, progress, options));
}

/**
 * Certifications the partner has earned a new certificate of: the server issues one for each,
 * valid from `now` until `certificateExpiry`.
 *
 * @example
 * for (const id of earnedCertifications({ catalog, state, now })) issue(id);
 */
export function earnedCertifications(options: CertificationOptions): string[] {
  return certificationStatus(options)
    .filter((s) => s.state === 'due')
    .map((s) => s.certificationId);
}
