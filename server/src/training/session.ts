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
  type Evaluation,
  type LockedModule,
  type ModuleProgress,
  type Partner,
  type PartnerTrainingState,
  type TrainingEvent,
  type TrainingSummary,
} from '@siso/training-core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { certificates, evaluationHistory, moduleProgress, partners } from '../db/schema.ts';
import { appendEventsMany, type NewEvent } from '../events/log.ts';
import type { Program } from './program.ts';
import { toPartner, toProgress, toSnapshotCertificates, toStateCertificate, type CertificateRow, type PartnerRow } from './rows.ts';

/**
 * Everything one session writes. Rows of the bulk statements are keyed by column name, since
 * they travel as one JSON parameter (timestamps as ISO strings).
 */
export interface SessionPlan {
  partnerId: string;
  progress: {
    partner_id: string;
    module_id: string;
    status: ModuleProgress['status'];
    percent: number;
    time_spent_seconds: number;
    score: number | null;
    started_at: string | null;
    completed_at: string | null;
    updated_at: string;
  }[];
  newCertificates: CertificateRow[];
  updatedCertificates: CertificateRow[];
  partner: {
    id: string;
    name: string;
    performance_score: number;
    trailing_revenue: number | null;
    currency: string | null;
    tier: string;
    rate: number;
    at_risk: boolean;
    policy_version: number;
    evaluated_at: string;
    recommendations_hash: string;
    next_check_at: string | null;
    revision: number;
    updated_at: string;
  };
  history: {
    partner_id: string;
    revision: number;
    policy_version: number;
    tier: string;
    rate: number;
    at_risk: boolean;
    evaluation: Evaluation;
    created_at: string;
  } | null;
  events: NewEvent[];
}

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

export type PartnerFields = Pick<Partner, 'name' | 'performanceScore'> & { trailingRevenue: number | null; currency: string | null };

export interface SessionOptions {
  program: Program;
  now: Date;
  /** For certificate verification links in events. */
  publicUrl: string;
}

interface CertificateState extends CertificateRow {
  dirty: 'new' | 'updated' | null;
}

/**
 * A partner's training loaded for update inside a transaction: changes apply in memory, each
 * followed by an evaluation, and `commit` writes progress, certificates, the evaluation, its
 * history and the resulting events together. Publish the returned events after the commit.
 *
 * @example
 * const stored = await db.transaction(async (tx) => {
 *   const [session] = await PartnerSession.open(tx, ['northwind'], { program, now, publicUrl });
 *   session.apply({ kind: 'module', moduleId: 'solution-selling', action: 'complete', at: now });
 *   return session.commit();
 * });
 * bus.publish('northwind', stored);
 */
export class PartnerSession {
  readonly #options: SessionOptions;
  readonly #row: PartnerRow;
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

  private constructor(options: SessionOptions, row: PartnerRow, progress: Map<string, ModuleProgress>, certs: CertificateRow[]) {
    this.#options = options;
    this.#row = row;
    this.#partner = toPartner(row);
    this.#progress = progress;
    this.#certificates = certs.map((c) => ({ ...c, dirty: null }));
    this.#emitted = { tier: row.tier, rate: row.rate, atRisk: row.atRisk };
  }

  /**
   * Locks the partners' rows (in id order, so concurrent sessions never deadlock) and loads
   * their training. Unknown ids are left out of the result.
   */
  static async open(tx: Tx, partnerIds: readonly string[], options: SessionOptions): Promise<Map<string, PartnerSession>> {
    const ids = [...new Set(partnerIds)].sort();
    const sessions = new Map<string, PartnerSession>();
    if (ids.length === 0) return sessions;
    const rows = await tx.select().from(partners).where(inArray(partners.id, ids)).orderBy(asc(partners.id)).for('update');
    if (rows.length === 0) return sessions;
    const found = rows.map((r) => r.id);
    // In turn: a transaction's connection takes one query at a time.
    const progressRows = await tx.select().from(moduleProgress).where(inArray(moduleProgress.partnerId, found));
    const certificateRows = await tx.select().from(certificates).where(inArray(certificates.partnerId, found)).orderBy(asc(certificates.issuedAt));
    for (const row of rows) {
      const progress = new Map(progressRows.filter((p) => p.partnerId === row.id).map((p) => [p.moduleId, toProgress(p)]));
      const certs = certificateRows.filter((c) => c.partnerId === row.id);
      sessions.set(row.id, new PartnerSession(options, row, progress, certs));
    }
    return sessions;
  }

  get partnerId(): string {
    return this.#row.id;
  }

  get partner(): Partner {
    return this.#partner;
  }

  /** The instant the session evaluates at. */
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
    if (p.name === fields.name && p.performanceScore === fields.performanceScore && (p.trailingRevenue ?? null) === fields.trailingRevenue && (p.currency ?? null) === fields.currency) return;
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
    const changed = change.kind === 'module' ? this.#applyModule(change) : change.kind === 'certification.earned' ? this.#earn(change) : this.#revoke(change);
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
    const covered = this.#certificates.some((c) => c.certificationId === change.certificationId && isCertificateActive(toStateCertificate(c), now) && c.expiresAt >= ends);
    if (covered) return false;
    const cert = this.#issue(change.certificationId, at, change.expiresAt);
    this.#reevaluate(() => this.#push('certificate.issued', this.#certificateData(cert, this.#evaluation!)));
    return true;
  }

  #revoke(change: Extract<Change, { kind: 'certification.revoked' }>): boolean {
    const revoked = this.#certificates.filter(
      (c) => c.certificationId === change.certificationId && c.revokedAt === null && (change.certificateId === undefined || c.id === change.certificateId),
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
    return expiresAt ?? new Date(certificateExpiry({ issuedAt: issuedAt.toISOString(), validityMonths: certification?.validityMonths ?? 12 }));
  }

  #issue(certificationId: string, issuedAt: Date, expiresAt: Date | undefined): CertificateState {
    const ends = this.#expiryOf(certificationId, issuedAt, expiresAt);
    const cert: CertificateState = {
      partnerId: this.#row.id,
      id: randomUUID(),
      certificationId,
      issuedAt,
      expiresAt: ends,
      revokedAt: null,
      revokedReason: null,
      expiringNotifiedAt: null,
      credential: null,
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
      this.#push('grace.started', { tier: next.atRisk.tier, fallbackTier: next.atRisk.fallbackTier, until: next.atRisk.until, evaluation: next });
    }
    if (atRisk && !next.atRisk) this.#push('grace.ended', { tier: next.tier, outcome: next.tier === tier ? 'kept' : 'dropped', evaluation: next });
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
    const statuses = certificateStatuses({ certificates: this.#certificates.map(toStateCertificate), now, warningDays: warningDays(program.policy) });
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

  /**
   * What the changes amount to, ready to be written by `commitSessions`; null when nothing
   * changed. Adds the events that depend on the final state (expiring certificates,
   * recommendations).
   */
  plan(): SessionPlan | null {
    const { program, now } = this.#options;
    if (this.#row.evaluatedAt === null && this.#evaluation === null) this.reevaluate();
    const evaluation = this.evaluation;
    this.#notifyExpiring(evaluation);
    if (!this.#changed) return null;
    const state = this.#state();
    const { recommendations, nextStep, score } = advise({ policy: program.policy, catalog: program.catalog, state, now });
    const locked = lockedModules({ policy: program.policy, catalog: program.catalog, state, now });
    const hash = createHash('sha1').update(JSON.stringify([recommendations, nextStep, score, locked])).digest('base64url');
    if (hash !== this.#row.recommendationsHash) this.#push('recommendations.updated', { recommendations, nextStep, score, locked });

    const partnerId = this.#row.id;
    const revision = this.#row.revision + 1;
    const row = this.#row;
    const moved = this.moved || row.atRisk !== (evaluation.atRisk !== null) || row.policyVersion !== evaluation.policyVersion;
    const p = this.#partner;
    const at = now.toISOString();
    return {
      partnerId,
      progress: [...this.#dirtyModules].map((moduleId) => {
        const m = this.#progress.get(moduleId)!;
        return {
          partner_id: partnerId,
          module_id: moduleId,
          status: m.status,
          percent: m.percent,
          time_spent_seconds: m.timeSpentSeconds,
          score: m.score,
          started_at: m.startedAt,
          completed_at: m.completedAt,
          updated_at: at,
        };
      }),
      newCertificates: this.#certificates.filter((c) => c.dirty === 'new').map(({ dirty: _, ...row }) => row),
      updatedCertificates: this.#certificates.filter((c) => c.dirty === 'updated').map(({ dirty: _, ...row }) => row),
      partner: {
        id: partnerId,
        name: p.name,
        performance_score: p.performanceScore,
        trailing_revenue: p.trailingRevenue ?? null,
        currency: p.currency ?? null,
        tier: evaluation.tier,
        rate: evaluation.commission.rate,
        at_risk: evaluation.atRisk !== null,
        policy_version: evaluation.policyVersion,
        evaluated_at: at,
        recommendations_hash: hash,
        next_check_at: this.#nextCheckAt(evaluation)?.toISOString() ?? null,
        revision,
        updated_at: at,
      },
      history: moved
        ? {
            partner_id: partnerId,
            revision,
            policy_version: evaluation.policyVersion,
            tier: evaluation.tier,
            rate: evaluation.commission.rate,
            at_risk: evaluation.atRisk !== null,
            evaluation,
            created_at: at,
          }
        : null,
      events: this.#events,
    };
  }

  /** Whether the tier or rate differs from what was stored before this session. */
  get moved(): boolean {
    const row = this.#row;
    const current = this.#evaluation;
    if (current === null) return false;
    return row.evaluatedAt === null || row.tier !== current.tier || row.rate !== current.commission.rate;
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

/**
 * Writes the plans of several sessions with one statement per table (progress, certificates,
 * partners, history), then appends each partner's events. Returns the stored events by partner.
 */
/** Signs the credential of a newly issued certificate. */
export type SignCertificate = (certificate: CertificateRow, partner: { id: string; name: string }) => Promise<string>;

export async function commitSessions(tx: Tx, sessions: Iterable<PartnerSession>, now: Date, sign: SignCertificate): Promise<[string, TrainingEvent[]][]> {
  const plans = [...sessions].map((s) => s.plan()).filter((p): p is SessionPlan => p !== null);
  if (plans.length === 0) return [];
  // Bulk statements take their rows as one JSON parameter (see appendEventsMany).
  const progress = plans.flatMap((p) => p.progress);
  if (progress.length > 0) {
    await tx.execute(sql`
      insert into ${moduleProgress} (partner_id, module_id, status, percent, time_spent_seconds, score, started_at, completed_at, updated_at)
      select partner_id, module_id, status, percent, time_spent_seconds, score, started_at, completed_at, updated_at
      from jsonb_to_recordset(${JSON.stringify(progress)}::jsonb)
        as x(partner_id text, module_id text, status text, percent float8, time_spent_seconds int, score float8, started_at timestamptz, completed_at timestamptz, updated_at timestamptz)
      on conflict (partner_id, module_id) do update set
        status = excluded.status, percent = excluded.percent, time_spent_seconds = excluded.time_spent_seconds, score = excluded.score,
        started_at = excluded.started_at, completed_at = excluded.completed_at, updated_at = excluded.updated_at`);
  }
  // Signed inside the transaction, so a certificate never exists without its credential.
  const fresh = await Promise.all(
    plans.flatMap((p) => p.newCertificates.map(async (c) => ({ ...c, credential: await sign(c, { id: p.partner.id, name: p.partner.name }) }))),
  );
  if (fresh.length > 0) await tx.insert(certificates).values(fresh);
  for (const c of plans.flatMap((p) => p.updatedCertificates)) {
    await tx
      .update(certificates)
      .set({ revokedAt: c.revokedAt, revokedReason: c.revokedReason, expiringNotifiedAt: c.expiringNotifiedAt })
      .where(and(eq(certificates.partnerId, c.partnerId), eq(certificates.id, c.id)));
  }
  await tx.execute(sql`
    update ${partners} as p set
      name = v.name, performance_score = v.performance_score, trailing_revenue = v.trailing_revenue, currency = v.currency,
      tier = v.tier, rate = v.rate, at_risk = v.at_risk, policy_version = v.policy_version,
      evaluated_at = v.evaluated_at, recommendations_hash = v.recommendations_hash, next_check_at = v.next_check_at,
      revision = v.revision, updated_at = v.updated_at
    from jsonb_to_recordset(${JSON.stringify(plans.map((plan) => plan.partner))}::jsonb)
      as v(id text, name text, performance_score float8, trailing_revenue float8, currency text, tier text, rate float8,
           at_risk boolean, policy_version int, evaluated_at timestamptz, recommendations_hash text, next_check_at timestamptz, revision bigint, updated_at timestamptz)
    where p.id = v.id`);
  const history = plans.flatMap((p) => (p.history ? [p.history] : []));
  if (history.length > 0) {
    await tx.execute(sql`
      insert into ${evaluationHistory} (partner_id, revision, policy_version, tier, rate, at_risk, evaluation, created_at)
      select partner_id, revision, policy_version, tier, rate, at_risk, evaluation, created_at
      from jsonb_to_recordset(${JSON.stringify(history)}::jsonb)
        as x(partner_id text, revision bigint, policy_version int, tier text, rate float8, at_risk boolean, evaluation jsonb, created_at timestamptz)`);
  }
  return appendEventsMany(tx, plans.map((p) => [p.partnerId, p.events]), now);
}
