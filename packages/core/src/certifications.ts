import type { Catalog, Certification, Module } from './schemas/catalog.ts';
import type { CertificationState, CertificationStatus } from './schemas/evaluation.ts';
import { progressById, type Certificate, type ModuleProgressEntry, type PartnerTrainingState } from './schemas/state.ts';
import { addMonths, toMillis } from './time.ts';

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
  const ms = now.getTime();
  return (
    certificate.revokedAt === null && toMillis(certificate.issuedAt) <= ms && ms < toMillis(certificate.expiresAt)
  );
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

function statusOf(
  c: Certification,
  modules: ReadonlyMap<string, Module>,
  progress: ReadonlyMap<string, ModuleProgressEntry>,
  { state, now }: CertificationOptions,
): CertificationStatus {
  const missing: string[] = [];
  const belowPassing: string[] = [];
  let started = false;
  let lastCompletion = -Infinity;
  for (const id of c.requiredModules) {
    const p = progress.get(id);
    if (p === undefined || p.status !== 'completed') {
      missing.push(id);
      if (p !== undefined && p.status === 'in_progress') started = true;
      continue;
    }
    started = true;
    if (!passed(modules.get(id), p.score, c.passingScore)) belowPassing.push(id);
    if (p.completedAt !== null) lastCompletion = Math.max(lastCompletion, toMillis(p.completedAt));
  }
  let latest: Certificate | null = null;
  let anyActive = false;
  let issuedSinceCompletion = false;
  for (const cert of state.certificates) {
    if (cert.certificationId !== c.id) continue;
    if (isCertificateActive(cert, now)) anyActive = true;
    if (toMillis(cert.issuedAt) >= lastCompletion) issuedSinceCompletion = true;
    // Ties broken by expiry so the result does not depend on the order of the list.
    if (
      latest === null ||
      toMillis(cert.issuedAt) > toMillis(latest.issuedAt) ||
      (cert.issuedAt === latest.issuedAt && toMillis(cert.expiresAt) > toMillis(latest.expiresAt))
    ) {
      latest = cert;
    }
  }
  const passedAll = missing.length === 0 && belowPassing.length === 0;
  let s: CertificationState;
  if (anyActive) s = 'active';
  else if (passedAll && !issuedSinceCompletion) s = 'due';
  else if (latest !== null) s = latest.revokedAt !== null ? 'revoked' : 'expired';
  else s = started ? 'in_progress' : 'not_started';
  return {
    certificationId: c.id,
    level: c.level,
    state: s,
    completed: c.requiredModules.length - missing.length,
    required: c.requiredModules.length,
    missing,
    belowPassing,
    certificate: latest,
  };
}

/**
 * Where the partner stands with every certification of the catalog. A certification is `due`
 * when every required module is completed with at least its passing score and no certificate
 * was issued since the last of those completions: a renewal needs the modules passed again.
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
 * Certifications the partner has earned and holds no certificate for yet: the server issues
 * one for each, valid from `now` until `certificateExpiry`.
 *
 * @example
 * for (const id of earnedCertifications({ catalog, state, now })) issue(id);
 */
export function earnedCertifications(options: CertificationOptions): string[] {
  return certificationStatus(options)
    .filter((s) => s.state === 'due')
    .map((s) => s.certificationId);
}
