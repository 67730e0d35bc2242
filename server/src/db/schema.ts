// One schema for both drivers (PGlite and PostgreSQL). Every partner-owned table leads its
// primary key with partner_id and every partner query filters on it, so a distributed
// PostgreSQL can shard by partner; catalog tables are small reference tables.
import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const partners = pgTable('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tier: text('tier').notNull(),
  performanceScore: doublePrecision('performance_score').notNull().default(0),
  trailingRevenue: doublePrecision('trailing_revenue'),
  currency: text('currency'),
  /** The partner's event counter: bumped in the same transaction that appends an event. */
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
  ...timestamps,
});

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
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.id] })],
);

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
    payload: jsonb('payload').notNull().default(sql`'{}'::jsonb`),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.seq] })],
);
