import { createHash, randomUUID } from 'node:crypto';
import {
  advise,
  certificateExpiry,
  certificatesHeld,
  certificateStatuses,
  certificationStatus,
  earnedCertifications,
  evaluate,
  isCertificateActive,
  lockedModules,
  NOT_STARTED,
  summarize,
  warningDays,
  type Catalog,
  type Evaluation,
  type LockedModule,
  type ModuleProgress,
  type Partner,
  type PartnerTrainingState,
  type TierPolicy,
  type TrainingSummary,
} from '@siso/training-core';
import type { NewEvent } from '../events/new-event.ts';
import {
  toPartner,
  toSnapshotCertificates,
  toStateCertificate,
  type StoredCertificate,
  type StoredPartner,
  type StoredTraining,
} from './stored.ts';

/** One change to a partner's training, as the routes and the ingestion map their input. */
export type Change =
  | {
      kind: 'module';
      moduleId: string;
      /** `fail`: an assessment failed; the score is kept, the module stays open. */
      action: 'start' | 'progress' | 'complete' | 'fail';
      at: Date;
      percent?: number | undefined;
      score?: number | null | undefined;
      /** The total time the training system counts; progress never loses time. */
      timeSpentSeconds?: number | undefined;
      /** Time to add (xAPI durations are per session). */
      addSeconds?: number | undefined;
    }
  | { kind: 'certification.earned'; certificationId: string; at: Date; expiresAt?: Date | undefined }
  | {
      kind: 'certification.revoked';
      certificationId: string;
      at: Date;
      reason?: string | undefined;
      /** Revoke only this certificate (an admin's choice); without it, every one of the certification. */
      certificateId?: string | undefined;
    };

/** The portal's record of a partner. */
export type PartnerFields = Pick<Partner, 'name' | 'performanceScore'> & { trailingRevenue: number | null; currency: string | null };

/** A module's progress as written. */
export interface ProgressWrite {
  partnerId: string;
  moduleId: string;
  status: ModuleProgress['status'];
  percent: number;
  timeSpentSeconds: number;
  score: number | null;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
}

/** The partner's record after the changes, with the figures of its evaluation. */
export interface PartnerWrite extends Omit<StoredPartner, 'lastSeq' | 'evaluatedAt' | 'recommendationsHash' | 'rate' | 'policyVersion'> {
  rate: number;
  policyVersion: number;
  evaluatedAt: Date;
  recommendationsHash: string;
  updatedAt: Date;
}

/** A line of the partner's evaluation history: written when tier, rate, grace or policy moved. */
export interface EvaluationWrite {
  partnerId: string;
  revision: number;
  policyVersion: number;
  tier: string;
  rate: number;
  atRisk: boolean;
  evaluation: Evaluation;
  createdAt: Date;
}

/** Everything the changes to one partner amount to, as plain data for the writer. */
export interface WritePlan {
  partnerId: string;
  /** The modules whose progress changed. */
  progress: ProgressWrite[];
  /** Issued by the changes; the writer signs their credentials. */
  newCertificates: StoredCertificate[];
  /** Revoked, or told about as expiring. */
  updatedCertificates: StoredCertificate[];
  partner: PartnerWrite;
  history: EvaluationWrite | null;
  /** In order; the event log gives them seq and time. */
  events: NewEvent[];
}

export interface PartnerTrainingOptions {
  program: { catalog: Catalog; policy: TierPolicy };
  now: Date;
  /** For certificate verification links in events. */
  publicUrl: string;
  /** Ids of new certificates. Default: random UUIDs. */
  newId?: () => string;
}

interface CertificateState extends StoredCertificate {
  dirty: 'new' | 'updated' | null;
}

/**
 * A partner's training as one aggregate: changes apply in memory, each followed by an
 * evaluation and the events it causes (and those time caused since the last evaluation), and
 * `plan()` answers what to write — progress, certificates, the partner's figures, a history
 * line and the events — as plain data. It reads and writes nothing itself: the repository
 * (`loadTraining`) gives it what is stored, the writer (`writePlans`) stores its plan.
 *
 * @example
 * const training = new PartnerTraining(stored, { program, now, publicUrl });
 * training.apply({ kind: 'module', moduleId: 'solution-selling', action: 'complete', at: now });
 * const plan = training.plan(); // null when nothing changed
 */
export class PartnerTraining {
  readonly #options: PartnerTrainingOptions;
  readonly #newId: () => string;
  readonly #row: StoredPartner;
  readonly #partner: Partner;
  readonly #progress: Map<string, ModuleProgress>;
  readonly #dirtyModules = new Set<string>();
  readonly #certificates: CertificateState[];
  readonly #events: NewEvent[] = [];
  #evaluation: Evaluation | null = null;
  /** Tier, rate and grace as clients last heard of them: the stored figures, then each emitted change. */
  #emitted: { tier: string; rate: number | null; atRisk: boolean };
  /** Whether what time alone changed since the last evaluation has been looked at (`#noticeTime`). */
  #timeNoticed = false;
  #changed = false;

  constructor(stored: Pick<StoredTraining, 'partner' | 'progress' | 'certificates'>, options: PartnerTrainingOptions) {
    this.#options = options;
    this.#newId = options.newId ?? randomUUID;
    this.#row = stored.partner;
    this.#partner = toPartner(stored.partner);
    this.#progress = new Map(stored.progress);
    this.#certificates = stored.certificates.map((c) => ({ ...c, dirty: null }));
    this.#emitted = { tier: stored.partner.tier, rate: stored.partner.rate, atRisk: stored.partner.atRisk };
  }

  get partnerId(): string {
    return this.#row.id;
  }

  get partner(): Partner {
    return this.#partner;
  }

  /** The instant the aggregate evaluates at. */
  get now(): Date {
    return this.#options.now;
  }

  progressOf(moduleId: string): ModuleProgress {
    return this.#progress.get(moduleId) ?? NOT_STARTED;
  }

  /** Whether renewing a certification needs this completed module passed again (core's `requiredModules`). */
  needsRetake(moduleId: string): boolean {
    const { program, now } = this.#options;
    return certificationStatus({ catalog: program.catalog, state: this.#state(), now }).some((s) => s.retake.includes(moduleId));
  }

  /** Why the partner cannot take the module now (prerequisites, tier), or null when they can. */
  lockedReasons(moduleId: string): LockedModule['reasons'] | null {
    const { program, now } = this.#options;
    const locked = lockedModules({ policy: program.policy, catalog: program.catalog, state: this.#state(), now });
    return locked.find((l) => l.moduleId === moduleId)?.reasons ?? null;
  }

  /** The evaluation after the changes so far (evaluated now if nothing changed yet). */
  get evaluation(): Evaluation {
    return (this.#evaluation = this.#evaluation ?? this.#evaluate());
  }

  /** Replaces the portal's record of the partner; performance feeds the evaluation. */
  setRecord(fields: PartnerFields): void {
    const p = this.#partner;
    if (
      p.name === fields.name &&
      p.performanceScore === fields.performanceScore &&
      (p.trailingRevenue ?? null) === fields.trailingRevenue &&
      (p.currency ?? null) === fields.currency
    )
      return;
    p.name = fields.name;
    p.performanceScore = fields.performanceScore;
    if (fields.trailingRevenue === null) delete p.trailingRevenue;
    else p.trailingRevenue = fields.trailingRevenue;
    if (fields.currency === null) delete p.currency;
    else p.currency = fields.currency;
    this.#changed = true;
    this.#reevaluate();
  }

  /** Applies one change; returns whether it changed anything. */
  apply(change: Change): boolean {
    const changed =
      change.kind === 'module'
        ? this.#applyModule(change)
        : change.kind === 'certification.earned'
          ? this.#earn(change)
          : this.#revoke(change);
    if (changed) this.#changed = true;
    return changed;
  }

  /**
   * Re-evaluates without a change of state: a new policy or catalog, time passing, a partner
   * seeded or imported with progress. Certificates already earned but not issued are issued.
   */
  reevaluate(): void {
    this.#changed = true;
    this.#reevaluate();
    this.#issueEarned();
  }

  summary(): TrainingSummary {
    const earned = certificatesHeld(this.#certificates.map(toStateCertificate), this.#options.now);
    return summarize({ modules: this.#options.program.catalog.modules, progress: this.#progress, certificatesEarned: earned });
  }

  /** Whether the tier or rate differs from what was stored before. */
  get moved(): boolean {
    const row = this.#row;
    const current = this.#evaluation;
    if (current === null) return false;
    return row.evaluatedAt === null || row.tier !== current.tier || row.rate !== current.commission.rate;
  }

  /**
   * What the changes amount to, for the writer; null when nothing changed. Adds the events that
   * depend on the final state (expiring certificates, recommendations).
   */
  plan(): WritePlan | null {
    const { program, now } = this.#options;
    if (this.#row.evaluatedAt === null && this.#evaluation === null) this.reevaluate();
    const evaluation = this.evaluation;
    this.#notifyExpiring(evaluation);
    if (!this.#changed) return null;
    const state = this.#state();
    const { recommendations, nextStep, score } = advise({ policy: program.policy, catalog: program.catalog, state, now });
    const locked = lockedModules({ policy: program.policy, catalog: program.catalog, state, now });
    const hash = createHash('sha1')
      .update(JSON.stringify([recommendations, nextStep, score, locked]))
      .digest('base64url');
    if (hash !== this.#row.recommendationsHash) this.#push('recommendations.updated', { recommendations, nextStep, score, locked });

    const row = this.#row;
    const partnerId = row.id;
    const revision = row.revision + 1;
    const moved = this.moved || row.atRisk !== (evaluation.atRisk !== null) || row.policyVersion !== evaluation.policyVersion;
    const p = this.#partner;
    return {
      partnerId,
      progress: [...this.#dirtyModules].map((moduleId) => {
        const m = this.#progress.get(moduleId)!;
        return {
          partnerId,
          moduleId,
          status: m.status,
          percent: m.percent,
          timeSpentSeconds: m.timeSpentSeconds,
          score: m.score,
          startedAt: m.startedAt === null ? null : new Date(m.startedAt),
          completedAt: m.completedAt === null ? null : new Date(m.completedAt),
          updatedAt: now,
        };
      }),
      newCertificates: this.#certificates.filter((c) => c.dirty === 'new').map(({ dirty: _, ...c }) => c),
      updatedCertificates: this.#certificates.filter((c) => c.dirty === 'updated').map(({ dirty: _, ...c }) => c),
      partner: {
        id: partnerId,
        name: p.name,
        performanceScore: p.performanceScore,
        trailingRevenue: p.trailingRevenue ?? null,
        currency: p.currency ?? null,
        tier: evaluation.tier,
        rate: evaluation.commission.rate,
        atRisk: evaluation.atRisk !== null,
        policyVersion: evaluation.policyVersion,
        evaluatedAt: now,
        recommendationsHash: hash,
        nextCheckAt: this.#nextCheckAt(evaluation),
        revision,
        updatedAt: now,
      },
      history: moved
        ? {
            partnerId,
            revision,
            policyVersion: evaluation.policyVersion,
            tier: evaluation.tier,
            rate: evaluation.commission.rate,
            atRisk: evaluation.atRisk !== null,
            evaluation,
            createdAt: now,
          }
        : null,
      events: this.#events,
    };
  }

  #state(): PartnerTrainingState {
    return {
      partner: this.#partner,
      progress: [...this.#progress].map(([moduleId, p]) => ({ moduleId, ...p })),
      certificates: this.#certificates.map(toStateCertificate),
    };
  }

  #evaluate(): Evaluation {
    const { program, now } = this.#options;
    return evaluate({ policy: program.policy, catalog: program.catalog, state: this.#state(), now });
  }

  #applyModule(change: Extract<Change, { kind: 'module' }>): boolean {
    const before = this.progressOf(change.moduleId);
    const p: ModuleProgress = { ...before };
    // Never dated after now: a completion "from the future" would count towards a renewal before
    // the certificate it earns, and earn it again and again.
    const at = new Date(Math.min(change.at.getTime(), this.#options.now.getTime())).toISOString();
    // A completion of a module already completed is a retake: a fresh score and date, and a
    // certification whose certificate expired or was revoked can be earned again (renewal).
    const completed = change.action === 'complete';
    if (completed) {
      p.status = 'completed';
      p.percent = 100;
      p.completedAt = at;
      if (change.score !== undefined) p.score = change.score;
    } else {
      if (p.status === 'not_started') p.status = 'in_progress';
      if (change.action === 'progress' && change.percent !== undefined && p.status !== 'completed') p.percent = change.percent;
      if (change.action === 'fail' && change.score !== undefined) p.score = change.score;
    }
    p.startedAt ??= at;
    if (change.timeSpentSeconds !== undefined) p.timeSpentSeconds = Math.max(p.timeSpentSeconds, change.timeSpentSeconds);
    if (change.addSeconds) p.timeSpentSeconds = Math.min(2_000_000_000, p.timeSpentSeconds + change.addSeconds);
    if (sameProgress(before, p)) return false;
    this.#progress.set(change.moduleId, p);
    this.#dirtyModules.add(change.moduleId);
    this.#reevaluate(() => {
      this.#push(completed ? 'module.completed' : 'progress.updated', {
        moduleId: change.moduleId,
        progress: p,
        summary: this.summary(),
        evaluation: this.#evaluation!,
      });
    });
    if (completed) this.#issueEarned();
    return true;
  }

  // Certificates earned through completed modules, issued right after the completion.
  #issueEarned(): void {
    const { program, now } = this.#options;
    const due = earnedCertifications({ catalog: program.catalog, state: this.#state(), now });
    if (due.length === 0) return;
    const issued = due.map((id) => this.#issue(id, now, undefined));
    this.#reevaluate(() => {
      for (const cert of issued) this.#push('certificate.issued', this.#certificateData(cert, this.#evaluation!));
    });
  }

  /**
   * The training system says a certification was earned: a certificate is issued unless an active
   * one already lasts as long (earned again before the end, it renews early).
   */
  #earn(change: Extract<Change, { kind: 'certification.earned' }>): boolean {
    const now = this.#options.now;
    // Never issued in the future: it would count in no evaluation until then, and no event says when.
    const at = change.at > now ? now : change.at;
    const ends = this.#expiryOf(change.certificationId, at, change.expiresAt);
    const covered = this.#certificates.some(
      (c) => c.certificationId === change.certificationId && isCertificateActive(toStateCertificate(c), now) && c.expiresAt >= ends,
    );
    if (covered) return false;
    const cert = this.#issue(change.certificationId, at, change.expiresAt);
    this.#reevaluate(() => this.#push('certificate.issued', this.#certificateData(cert, this.#evaluation!)));
    return true;
  }

  #revoke(change: Extract<Change, { kind: 'certification.revoked' }>): boolean {
    const revoked = this.#certificates.filter(
      (c) =>
        c.certificationId === change.certificationId &&
        c.revokedAt === null &&
        (change.certificateId === undefined || c.id === change.certificateId),
    );
    if (revoked.length === 0) return false;
    for (const c of revoked) {
      c.revokedAt = change.at;
      c.revokedReason = change.reason ?? null;
      c.dirty ??= 'updated';
    }
    this.#reevaluate(() => {
      for (const c of revoked) this.#push('certificate.revoked', this.#certificateData(c, this.#evaluation!));
    });
    return true;
  }

  #expiryOf(certificationId: string, issuedAt: Date, expiresAt: Date | undefined): Date {
    const certification = this.#options.program.catalog.certifications.find((c) => c.id === certificationId);
    return (
      expiresAt ?? new Date(certificateExpiry({ issuedAt: issuedAt.toISOString(), validityMonths: certification?.validityMonths ?? 12 }))
    );
  }

  #issue(certificationId: string, issuedAt: Date, expiresAt: Date | undefined): CertificateState {
    const cert: CertificateState = {
      partnerId: this.#row.id,
      id: this.#newId(),
      certificationId,
      issuedAt,
      expiresAt: this.#expiryOf(certificationId, issuedAt, expiresAt),
      revokedAt: null,
      revokedReason: null,
      expiringNotifiedAt: null,
      credential: null,
      statusIndex: null,
      dirty: 'new',
    };
    this.#certificates.push(cert);
    return cert;
  }

  #certificateData(cert: CertificateState, evaluation: Evaluation) {
    const { program, now, publicUrl } = this.#options;
    const all = toSnapshotCertificates(this.#certificates, { catalog: program.catalog, policy: program.policy, now, publicUrl });
    return { certificate: all[this.#certificates.indexOf(cert)]!, summary: this.summary(), evaluation };
  }

  #push<T extends NewEvent['type']>(type: T, data: Extract<NewEvent, { type: T }>['data']): void {
    this.#events.push({ type, data } as NewEvent);
  }

  /**
   * Evaluates the current state. The first time, what time alone changed since the last
   * evaluation comes first (certificates that ended, entered the warning window); then `before`
   * pushes the events of the change itself (which carry the new evaluation); then the grace
   * period starting or ending, and tier and commission changes follow.
   */
  #reevaluate(before?: () => void): void {
    const next = this.#evaluate();
    this.#evaluation = next;
    if (!this.#timeNoticed) {
      this.#timeNoticed = true;
      this.#noticeTime(next);
    }
    before?.();
    const { tier, rate, atRisk } = this.#emitted;
    if (!atRisk && next.atRisk) {
      this.#push('grace.started', {
        tier: next.atRisk.tier,
        fallbackTier: next.atRisk.fallbackTier,
        until: next.atRisk.until,
        evaluation: next,
      });
    }
    if (atRisk && !next.atRisk)
      this.#push('grace.ended', { tier: next.tier, outcome: next.tier === tier ? 'kept' : 'dropped', evaluation: next });
    if (tier !== next.tier) this.#push('tier.changed', { from: tier, to: next.tier, evaluation: next });
    if (rate !== null && rate !== next.commission.rate) {
      this.#push('commission.changed', { from: rate, to: next.commission.rate, evaluation: next });
    }
    this.#emitted = { tier: next.tier, rate: next.commission.rate, atRisk: next.atRisk !== null };
    this.#partner.tier = next.tier;
  }

  // Certificates that ended since the partner was last evaluated (each is noticed once: the next
  // evaluation is later), then those that entered the warning window.
  #noticeTime(evaluation: Evaluation): void {
    const { now } = this.#options;
    const since = this.#row.evaluatedAt;
    if (since !== null) {
      for (const c of this.#certificates) {
        if (c.revokedAt === null && c.expiresAt > since && c.expiresAt <= now) {
          this.#push('certificate.expired', this.#certificateData(c, evaluation));
          this.#changed = true;
        }
      }
    }
    this.#notifyExpiring(evaluation);
  }

  // Certificates that entered the warning window since they were last looked at.
  #notifyExpiring(evaluation: Evaluation): void {
    const { program, now } = this.#options;
    const statuses = certificateStatuses({
      certificates: this.#certificates.map(toStateCertificate),
      now,
      warningDays: warningDays(program.policy),
    });
    this.#certificates.forEach((c, i) => {
      if (c.expiringNotifiedAt !== null || statuses[i] !== 'expiring') return;
      c.expiringNotifiedAt = now;
      c.dirty ??= 'updated';
      this.#push('certificate.expiring', this.#certificateData(c, evaluation));
      this.#changed = true;
    });
  }

  // The next moment at which time alone changes this partner's evaluation or certificates.
  #nextCheckAt(evaluation: Evaluation): Date | null {
    const now = this.#options.now.getTime();
    const warningMs = warningDays(this.#options.program.policy) * 86_400_000;
    let next = Infinity;
    for (const c of this.#certificates) {
      if (c.revokedAt !== null) continue;
      const ends = c.expiresAt.getTime();
      if (c.issuedAt.getTime() > now) next = Math.min(next, c.issuedAt.getTime());
      if (c.expiringNotifiedAt === null && ends - warningMs > now) next = Math.min(next, ends - warningMs);
      if (ends > now) next = Math.min(next, ends);
    }
    if (evaluation.atRisk) next = Math.min(next, Date.parse(evaluation.atRisk.until));
    return Number.isFinite(next) ? new Date(next) : null;
  }
}

function sameProgress(a: ModuleProgress, b: ModuleProgress): boolean {
  return (
    a.status === b.status &&
    a.percent === b.percent &&
    a.timeSpentSeconds === b.timeSpentSeconds &&
    a.score === b.score &&
    a.startedAt === b.startedAt &&
    a.completedAt === b.completedAt
  );
}
