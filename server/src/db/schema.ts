// One schema for both drivers (PGlite and PostgreSQL). Every partner-owned table leads its
// primary key with partner_id and every partner query filters on it, so a distributed
// PostgreSQL can shard by partner; catalog tables are small reference tables.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  index,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const partners = pgTable(
  'partners',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    tier: text('tier').notNull(),
    performanceScore: doublePrecision('performance_score').notNull().default(0),
    trailingRevenue: doublePrecision('trailing_revenue'),
    currency: text('currency'),
    /** The partner's event counter: bumped in the same transaction that appends an event. */
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    /** Bumped by every write to the partner's training; with last_seq it keys cached snapshots. */
    revision: bigint('revision', { mode: 'number' }).notNull().default(0),
    /**
     * Figures of the latest evaluation (null until the first): what the next change is diffed
     * against for `tier.changed` / `commission.changed`, and what listings show.
     */
    rate: doublePrecision('rate'),
    atRisk: boolean('at_risk').notNull().default(false),
    policyVersion: integer('policy_version'),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true, mode: 'date' }),
    /** Fingerprint of the last recommendations sent, so `recommendations.updated` fires on change only. */
    recommendationsHash: text('recommendations_hash'),
    /** When time alone changes something (a certificate expires or nears expiry, a grace period ends). */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [index('partners_next_check_at_idx').on(t.nextCheckAt)],
);

/** Catalog modules; `definition` is a core `Module`, validated before it is written. */
export const modules = pgTable('modules', {
  id: text('id').primaryKey(),
  position: integer('position').notNull(),
  definition: jsonb('definition').notNull(),
  ...timestamps,
});

/** Certifications; `definition` is a core `Certification`. */
export const certifications = pgTable('certifications', {
  id: text('id').primaryKey(),
  definition: jsonb('definition').notNull(),
  ...timestamps,
});

export const moduleProgress = pgTable(
  'module_progress',
  {
    partnerId: text('partner_id').notNull(),
    moduleId: text('module_id').notNull(),
    status: text('status', { enum: ['not_started', 'in_progress', 'completed'] }).notNull(),
    percent: doublePrecision('percent').notNull().default(0),
    timeSpentSeconds: integer('time_spent_seconds').notNull().default(0),
    score: doublePrecision('score'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.moduleId] })],
);

export const certificates = pgTable(
  'certificates',
  {
    partnerId: text('partner_id').notNull(),
    id: text('id').notNull(),
    certificationId: text('certification_id').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokedReason: text('revoked_reason'),
    /** Set once `certificate.expiring` has been sent for it. */
    expiringNotifiedAt: timestamp('expiring_notified_at', { withTimezone: true, mode: 'date' }),
    /** The signed Open Badges 3.0 credential (VC-JWT); null only for certificates issued before signing existed. */
    credential: text('credential'),
    /** Its place in the revocation status lists (certificates/status-list.ts), from `certificate_status_index`. */
    statusIndex: integer('status_index'),
  },
  // Verifiers know a certificate by its id alone.
  (t) => [
    primaryKey({ columns: [t.partnerId, t.id] }),
    index('certificates_id_idx').on(t.id),
    uniqueIndex('certificates_status_index_idx').on(t.statusIndex),
    // A status list is built from its revoked places only: a public route must not walk 131,072 rows.
    index('certificates_revoked_status_index_idx')
      .on(t.statusIndex)
      .where(sql`${t.revokedAt} is not null`),
  ],
);

/** Hands out places in the revocation status lists, one per certificate, never twice. */
export const certificateStatusIndex = pgSequence('certificate_status_index', { startWith: 0, minValue: 0 });

/**
 * Certificate signing keys (Ed25519). Public halves stay published after rotation so older
 * certificates remain verifiable; a private half is kept only for a key the server generated
 * itself (development and demo), never for one given in configuration.
 */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').notNull(),
  privateJwk: jsonb('private_jwk'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * The partner's event log. `seq` comes from `partners.last_seq`, bumped in the same transaction,
 * so a partner's events commit in seq order with no gaps and a reader resuming after seq N
 * can never skip one that commits later.
 */
export const events = pgTable(
  'events',
  {
    partnerId: text('partner_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload')
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.seq] })],
);

/**
 * A partner's milestones (core's `isHistoryEvent`), one row per event that makes a line of the
 * history, written with the event. Kept when the event log is pruned: the log is for resuming
 * streams, this is the partner's record. `params` is core's `historyEntry(event).params`.
 */
export const history = pgTable(
  'history',
  {
    partnerId: text('partner_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    params: jsonb('params')
      .notNull()
      .default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.seq] })],
);

/** Bumped with every catalog or policy write; nodes compare it to know their cached program is stale. */
export const programRevision = pgTable('program_revision', {
  id: integer('id').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
});

/** Every tier policy ever stored; the highest version is in force. */
export const policyVersions = pgTable('policy_versions', {
  version: integer('version').primaryKey(),
  /** A core `TierPolicy`, validated against the catalog before it was written. */
  policy: jsonb('policy').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** A partner's evaluations over time: one row per change of tier, rate or grace. */
export const evaluationHistory = pgTable(
  'evaluation_history',
  {
    partnerId: text('partner_id').notNull(),
    /** The partner's revision the evaluation was written at. */
    revision: bigint('revision', { mode: 'number' }).notNull(),
    policyVersion: integer('policy_version').notNull(),
    tier: text('tier').notNull(),
    rate: doublePrecision('rate').notNull(),
    atRisk: boolean('at_risk').notNull(),
    evaluation: jsonb('evaluation').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.revision] })],
);

/**
 * Ingested items already handled, keyed by the sender's own id, so a retried batch changes
 * nothing. Rejected items are not recorded: once fixed they may be sent again.
 */
export const ingestReceipts = pgTable(
  'ingest_receipts',
  {
    partnerId: text('partner_id').notNull(),
    /** `events` (POST /v1/ingest/events) or `xapi` (POST /v1/xapi/statements). */
    source: text('source', { enum: ['events', 'xapi'] }).notNull(),
    itemId: text('item_id').notNull(),
    status: text('status', { enum: ['applied', 'ignored'] }).notNull(),
    type: text('type').notNull(),
    /**
     * The item as received: the xAPI statement (kept even when not mapped), the event; compared
     * with what comes again under its id. Null in receipts stored before events were kept.
     */
    payload: jsonb('payload'),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  // The training system's id alone is the idempotency key: an event re-sent under another
  // partner id is still the same event, applied once.
  (t) => [primaryKey({ columns: [t.partnerId, t.source, t.itemId] }), uniqueIndex('ingest_receipts_item_idx').on(t.source, t.itemId)],
);

/** Service keys: only the SHA-256 of the key is stored; the key itself is shown once. */
export const serviceKeys = pgTable(
  'service_keys',
  {
    id: text('id').primaryKey(),
    role: text('role', { enum: ['portal', 'training', 'admin'] }).notNull(),
    hash: text('hash').notNull(),
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [uniqueIndex('service_keys_hash_idx').on(t.hash)],
);

/**
 * A program change being applied: every partner re-evaluated in batches, each batch a transaction
 * that also moves `cursor` (the last partner id done) and the counts, so a batch is applied once
 * whoever runs it. The node running it holds a lease (`owner`, `lease_until`, renewed by every
 * batch); once the lease has run out, any node takes the change over from its cursor. At most one
 * runs at a time.
 */
// The table keeps the name it had when only policy versions started changes (renaming it would
// break nodes still running the previous release during a rolling upgrade).
export const programChanges = pgTable(
  'policy_changes',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    policyVersion: integer('policy_version').notNull(),
    /** `PUT /v1/policy`; catalog writes or `POST /v1/evaluations` (at the policy version in force). */
    cause: text('cause', { enum: ['policy', 'catalog', 'evaluation'] })
      .notNull()
      .default('policy'),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    /** The catalog changed while it ran: at the end it goes over every partner once more. */
    again: boolean('again').notNull().default(false),
    /** Which pass over every partner it is on: 1, and one more each time it starts over. */
    pass: integer('pass').notNull().default(1),
    /** Partners when the change was stored. */
    total: integer('total').notNull(),
    done: integer('done').notNull().default(0),
    movedUp: integer('moved_up').notNull().default(0),
    movedDown: integer('moved_down').notNull().default(0),
    /** Partners whose tier or rate changed. */
    changed: integer('changed').notNull().default(0),
    events: integer('events').notNull().default(0),
    /** Every partner with an id up to here (in text order) is done; '' before the first batch. */
    cursor: text('cursor').notNull().default(''),
    owner: text('owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('policy_changes_running_idx')
      .on(t.state)
      .where(sql`${t.state} = 'running'`),
  ],
);
