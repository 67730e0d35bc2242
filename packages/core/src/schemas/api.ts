import * as z from 'zod/mini';
import { CertificationSchema, MaterialSchema, ModuleSchema } from './catalog.ts';
import { EvaluationSchema } from './evaluation.ts';
import { IdSchema, TimestampSchema } from './ids.ts';
import { PartnerSchema } from './partner.ts';
import { TierPolicySchema } from './policy.ts';

// Request and response bodies of the HTTP API (DESIGN, "API") that browsers never read: what the
// server takes in, and what it answers service keys. Requests are strict objects, so the server
// rejects unknown fields; answers are plain objects, so a client drops the fields a newer server
// adds instead of failing. The answers a partner's page reads are in answers.ts: a zod schema is a
// call a bundler cannot prove pure, so a browser bundle that imported one schema from here would
// carry every schema of this module.

/** One field-level issue of a rejected request: a JSON pointer into the input. */
export const ProblemFieldErrorSchema = z.object({
  pointer: z.string(),
  code: z.string(),
  detail: z.string(),
  /** On a refused policy: whether it is only unusual, so that an admin may store it by forcing it (`?force=true`). */
  forceable: z.optional(z.boolean()),
});
export type ProblemFieldError = z.infer<typeof ProblemFieldErrorSchema>;

/** Every error response (`application/problem+json`, RFC 9457). */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(z.array(ProblemFieldErrorSchema)),
});
export type ProblemBody = z.infer<typeof ProblemSchema>;

// ── Widget tokens (portal key) ────────────────────────────────────────────────────────────────

/** The longest a widget token lives, and how long it lives when the request names no lifetime: 15 minutes. */
export const MAX_WIDGET_TOKEN_TTL_SECONDS = 900;

export const WidgetTokenRequestSchema = z.strictObject({
  partnerId: IdSchema,
  /** Lifetime in seconds, at most `MAX_WIDGET_TOKEN_TTL_SECONDS`, which is also the default. */
  ttlSeconds: z.optional(z.int().check(z.gte(1), z.lte(MAX_WIDGET_TOKEN_TTL_SECONDS))),
});
export type WidgetTokenRequest = z.infer<typeof WidgetTokenRequestSchema>;

export const WidgetTokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: TimestampSchema,
});
export type WidgetTokenResponse = z.infer<typeof WidgetTokenResponseSchema>;

// ── Partner-facing (widget token); the answers are in answers.ts ─────────────────────────────

/** `GET /v1/me/simulate?complete=a,b&earn=c`, as parsed from the query string. */
export const SimulateQuerySchema = z.strictObject({
  complete: z.array(IdSchema).check(z.maxLength(100)),
  earn: z.array(IdSchema).check(z.maxLength(100)),
});
export type SimulateQuery = z.infer<typeof SimulateQuerySchema>;

// ── Ingestion (training key, signed body) ─────────────────────────────────────────────────────

/** The training system's own event id: the idempotency key. */
const EventIdSchema = z.string().check(z.minLength(1), z.maxLength(200));

/** Timestamps the server takes in: ISO 8601 with an offset (answers carry ids.ts's). */
export const TimestampInputSchema = z.iso.datetime({ offset: true });

/**
 * The earliest time an ingested event or xAPI statement may say it happened: nothing of this
 * program happened before it, so an earlier date is a sender's error (a zero date, a Unix epoch).
 * The latest is the server's clock plus the ingestion signature's tolerance (the same allowance
 * for clocks that drift); both bounds are refused per item (`occurred_before_epoch`,
 * `occurred_in_future`).
 */
export const OCCURRENCE_EPOCH = '2000-01-01T00:00:00.000Z';

const EventBase = {
  id: EventIdSchema,
  partnerId: IdSchema,
  /** When it happened in the training system. */
  occurredAt: TimestampInputSchema,
};

const Percent = z.number().check(z.gte(0), z.lte(100));
/** Total time spent on the module so far, as the training system counts it. */
const TimeSpent = z.int().check(z.gte(0), z.lte(10_000_000));

export const IngestEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...EventBase, type: z.literal('module.started'), moduleId: IdSchema }),
  z.strictObject({
    ...EventBase,
    type: z.literal('module.progress'),
    moduleId: IdSchema,
    percent: Percent,
    timeSpentSeconds: z.optional(TimeSpent),
  }),
  z.strictObject({
    ...EventBase,
    type: z.literal('module.completed'),
    moduleId: IdSchema,
    score: z.optional(z.nullable(Percent)),
    timeSpentSeconds: z.optional(TimeSpent),
  }),
  z.strictObject({
    ...EventBase,
    type: z.literal('certification.earned'),
    certificationId: IdSchema,
    /** Default: `occurredAt` plus the certification's validity. */
    expiresAt: z.optional(TimestampInputSchema),
  }),
  z.strictObject({
    ...EventBase,
    type: z.literal('certification.revoked'),
    certificationId: IdSchema,
    reason: z.optional(z.string().check(z.maxLength(500))),
  }),
]);
export type IngestEvent = z.infer<typeof IngestEventSchema>;
export type IngestEventType = IngestEvent['type'];

export const MAX_INGEST_BATCH = 1000;

/** `POST /v1/ingest/events`, signed with `Siso-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`. */
export const IngestBatchSchema = z.strictObject({
  events: z.array(IngestEventSchema).check(z.minLength(1), z.maxLength(MAX_INGEST_BATCH)),
});
export type IngestBatch = z.infer<typeof IngestBatchSchema>;

/** A refused item: a stable code and a sentence for logs. */
export const ItemReasonSchema = z.object({
  code: z.string(),
  detail: z.string(),
});
export type ItemReason = z.infer<typeof ItemReasonSchema>;

/**
 * What became of one item: `applied` now, `duplicate` (applied or ignored before, nothing
 * changed), `ignored` (understood but nothing to do, e.g. an xAPI verb without a mapping) or
 * `rejected` (with the reason; once fixed, the same id may be sent again, except after a
 * `conflict`: another item was received under that id before).
 */
export const ItemResultSchema = z.object({
  id: z.string(),
  status: z.enum(['applied', 'duplicate', 'ignored', 'rejected']),
  reason: z.optional(ItemReasonSchema),
});
export type ItemResult = z.infer<typeof ItemResultSchema>;

export const IngestResponseSchema = z.object({
  results: z.array(ItemResultSchema),
  applied: z.int(),
  duplicate: z.int(),
  ignored: z.int(),
  rejected: z.int(),
});
export type IngestResponse = z.infer<typeof IngestResponseSchema>;

// ── xAPI (training key) ───────────────────────────────────────────────────────────────────────

/**
 * The longest one statement's `result.duration` may be: a session of a day. A longer one does not
 * count (`duration_out_of_range`); time that long is a sender's error, not a learner's session.
 */
export const MAX_STATEMENT_DURATION_SECONDS = 86_400;

// An absolute IRI (RFC 3987): a scheme, then no space, control character or character IRIs
// exclude (`<>"{}|\^` and the backquote), and every `%` an escape. `new URL()` is not the check:
// it drops tabs and line breaks, so `a\r\nX-Injected: 1` would pass as `ax-injected:…`.
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[^\s\p{Cc}<>"{}|\\^`%]|%[0-9A-Fa-f]{2})+$/u;
const IriSchema = z.string().check(z.maxLength(2048), z.regex(IRI, 'an absolute IRI: a scheme, then no spaces or control characters'));
// RFC 5646 language tags, as far as their shape goes (`en`, `en-US`, `zh-Hant-TW`).
const LanguageTag = z.string().check(z.regex(/^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/, 'an RFC 5646 language tag'));
/** `{ "en-US": "completed" }`: a display string is not empty. */
const LanguageMap = z.record(LanguageTag, z.string().check(z.minLength(1)));
/** Extension keys are IRIs. */
const Extensions = z.record(IriSchema, z.unknown());

/** An xAPI Agent; the partner id is `account.name`. */
export const XapiActorSchema = z.strictObject({
  objectType: z.optional(z.enum(['Agent', 'Group'])),
  name: z.optional(z.string()),
  mbox: z.optional(z.string().check(z.regex(/^mailto:[^\s@]+@[^\s@]+$/, 'a mailto: IRI'))),
  mbox_sha1sum: z.optional(z.string().check(z.regex(/^[0-9a-fA-F]{40}$/, 'a SHA-1 in hex'))),
  openid: z.optional(IriSchema),
  /** `homePage` is an IRL: the system the account is on. */
  account: z.optional(z.strictObject({ homePage: IriSchema, name: z.string().check(z.minLength(1)) })),
  member: z.optional(z.array(z.unknown())),
});

export const XapiResultSchema = z.strictObject({
  score: z.optional(
    z.strictObject({
      scaled: z.optional(z.number().check(z.gte(-1), z.lte(1))),
      raw: z.optional(z.number()),
      min: z.optional(z.number()),
      max: z.optional(z.number()),
    }),
  ),
  success: z.optional(z.boolean()),
  completion: z.optional(z.boolean()),
  response: z.optional(z.string()),
  /** ISO 8601 duration, e.g. `PT1H30M`. */
  duration: z.optional(z.string().check(z.maxLength(100))),
  extensions: z.optional(Extensions),
});

/** What a statement is about: an activity (named by its IRI) or another statement (voiding). */
const XapiObjectSchema = z.union([
  z.strictObject({
    objectType: z.optional(z.literal('Activity')),
    id: IriSchema,
    definition: z.optional(z.record(z.string(), z.unknown())),
  }),
  z.strictObject({ objectType: z.literal('StatementRef'), id: z.uuid() }),
]);

/**
 * An xAPI 1.0.3 / 2.0 statement; `object.id` names the module by its activity id. The `id` is a
 * UUID, compared case-insensitively (the server keeps it in lower case).
 */
export const XapiStatementSchema = z.strictObject({
  id: z.optional(z.uuid()),
  actor: XapiActorSchema,
  verb: z.strictObject({ id: IriSchema, display: z.optional(LanguageMap) }),
  object: XapiObjectSchema,
  result: z.optional(XapiResultSchema),
  context: z.optional(z.record(z.string(), z.unknown())),
  timestamp: z.optional(TimestampInputSchema),
  stored: z.optional(TimestampInputSchema),
  authority: z.optional(z.record(z.string(), z.unknown())),
  version: z.optional(z.string().check(z.regex(/^[12]\.0(?:\.\d+)?$/, 'an xAPI version, 1.0.x or 2.0.x'))),
  attachments: z.optional(z.array(z.unknown())),
});
export type XapiStatement = z.infer<typeof XapiStatementSchema>;

/** `POST /v1/xapi/statements`: one statement or a list, as the xAPI specification allows. */
export const XapiStatementsRequestSchema = z.union([
  XapiStatementSchema,
  z.array(XapiStatementSchema).check(z.minLength(1), z.maxLength(MAX_INGEST_BATCH)),
]);
export type XapiStatementsRequest = z.infer<typeof XapiStatementsRequestSchema>;

/** The statement ids (as the xAPI specification answers) and what became of each. */
export const XapiResponseSchema = z.object({
  ids: z.array(z.string()),
  results: z.array(ItemResultSchema),
});
export type XapiResponse = z.infer<typeof XapiResponseSchema>;

// ── Admin / portal (service keys) ─────────────────────────────────────────────────────────────

/** `PUT /v1/partners/{id}`: the portal's record; the tier is the server's to evaluate. */
export const PartnerUpsertSchema = z.strictObject({
  name: PartnerSchema.shape.name,
  performanceScore: PartnerSchema.shape.performanceScore,
  trailingRevenue: z.optional(z.nullable(z.number().check(z.gte(0)))),
  currency: z.optional(z.nullable(z.string().check(z.regex(/^[A-Z]{3}$/, 'an ISO 4217 code')))),
});
export type PartnerUpsert = z.infer<typeof PartnerUpsertSchema>;

/** A partner with its latest figures: tier, commission rate (points), grace flag. */
export const PartnerRecordSchema = z.object({
  partner: PartnerSchema,
  rate: z.nullable(z.number()),
  atRisk: z.boolean(),
  evaluatedAt: z.nullable(TimestampSchema),
  policyVersion: z.nullable(z.int()),
});
export type PartnerRecord = z.infer<typeof PartnerRecordSchema>;

export const PartnerListSchema = z.object({
  partners: z.array(PartnerRecordSchema),
  /** Pass as `after` for the next page; null on the last page. */
  next: z.nullable(z.string()),
});
export type PartnerList = z.infer<typeof PartnerListSchema>;

export const PartnerDetailSchema = z.object({
  ...PartnerRecordSchema.shape,
  evaluation: z.nullable(EvaluationSchema),
});
export type PartnerDetail = z.infer<typeof PartnerDetailSchema>;

/** `PUT /v1/policy`: a tier policy; the server assigns the version. */
export const PolicyInputSchema = z.omit(TierPolicySchema, { version: true });
export type PolicyInput = z.infer<typeof PolicyInputSchema>;

export const PolicyVersionSchema = z.object({
  version: z.int(),
  createdAt: TimestampSchema,
  current: z.boolean(),
});
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;

export const PolicyVersionListSchema = z.object({ versions: z.array(PolicyVersionSchema) });
export type PolicyVersionList = z.infer<typeof PolicyVersionListSchema>;

/**
 * A program change being applied to every partner, in batches (`GET /v1/changes/{id}`):
 * a new policy version, or catalog writes. Partners added meanwhile are evaluated under the new
 * program as they are written, so `done` may pass `total`; `remaining` is then 0.
 */
export const ProgramChangeSchema = z.object({
  id: z.int(),
  /** What started it: `PUT /v1/policy`, a write to the catalog (modules, certifications), `POST /v1/evaluations`. */
  cause: z.enum(['policy', 'catalog', 'evaluation']),
  /** The policy version it applies (for a catalog change, the one in force). */
  policyVersion: z.int(),
  /** `running` until every partner has been re-evaluated, then `done`. */
  state: z.enum(['running', 'done']),
  /**
   * Which pass over every partner this is: 1, then one more each time it starts over. Catalog
   * writes made while it runs make it go over every partner once more at its end, so a progress
   * bar shows `done` of `total` within the pass (the moves and events add up over all passes).
   */
  pass: z.int(),
  /** Partners when the change was stored, or when its pass started. */
  total: z.int(),
  /** Partners done in this pass. */
  done: z.int(),
  remaining: z.int(),
  /** Partners it moved to a higher tier, to a lower one. */
  movedUp: z.int(),
  movedDown: z.int(),
  /** Partners whose tier or commission rate it changed. */
  changed: z.int(),
  /** Events it sent to the partners' streams. */
  events: z.int(),
  startedAt: TimestampSchema,
  finishedAt: z.nullable(TimestampSchema),
  /** Where to follow it. */
  href: z.string(),
});
export type ProgramChange = z.infer<typeof ProgramChangeSchema>;

/** `PUT /v1/policy` (202): the stored version, and its change, which has only started. */
export const PolicyUpdateResponseSchema = z.object({
  policy: TierPolicySchema,
  change: ProgramChangeSchema,
});
export type PolicyUpdateResponse = z.infer<typeof PolicyUpdateResponseSchema>;

/**
 * `PUT /v1/modules/{id}` / `PUT /v1/certifications/{id}`: whether the definition is new, and the
 * change re-evaluating every partner under the new catalog (follow its `href`).
 */
export const CatalogUpdateResponseSchema = z.object({
  created: z.boolean(),
  change: ProgramChangeSchema,
});
export type CatalogUpdateResponse = z.infer<typeof CatalogUpdateResponseSchema>;

/** `DELETE /v1/modules/{id}`, `POST /v1/evaluations`: the change re-evaluating every partner (follow its `href`). */
export const ProgramChangeResponseSchema = z.object({ change: ProgramChangeSchema });
export type ProgramChangeResponse = z.infer<typeof ProgramChangeResponseSchema>;

export const HealthSchema = z.object({ status: z.string(), database: z.optional(z.string()) });
export type Health = z.infer<typeof HealthSchema>;

/** `PUT /v1/modules/{id}`: a module definition; catalog.ts's shape, refusing unknown fields. */
export const ModuleInputSchema = z.strictObject({ ...ModuleSchema.shape, material: z.strictObject(MaterialSchema.shape) });

/** `PUT /v1/certifications/{id}`. */
export const CertificationInputSchema = z.strictObject(CertificationSchema.shape);

// ── Certificate verification (public) ─────────────────────────────────────────────────────────

/**
 * `POST /v1/certificates/verify`: a presented credential, as the VC-JWT it was issued as: a
 * compact JWS, three base64url parts. Anything else is a malformed request, not a forgery.
 */
export const VerifyCredentialRequestSchema = z.strictObject({
  credential: z
    .string()
    .check(
      z.minLength(1),
      z.maxLength(20_000),
      z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a VC-JWT: three base64url parts joined by "."'),
    ),
});
export type VerifyCredentialRequest = z.infer<typeof VerifyCredentialRequestSchema>;

/**
 * What a verifier learns. `tampered` and `unknown` mean not authentic; `pending` (valid from a
 * later date), `expired` and `revoked` mean authentic but not in force. `reason` is a stable code.
 */
export const VerificationSchema = z.object({
  status: z.enum(['valid', 'pending', 'expired', 'revoked', 'tampered', 'unknown']),
  reason: z.nullable(z.string()),
  /** The credential's content, when its signature verified. */
  credential: z.nullable(z.record(z.string(), z.unknown())),
  revokedAt: z.nullable(TimestampSchema),
  revokedReason: z.nullable(z.string()),
  expiresAt: z.nullable(TimestampSchema),
  checkedAt: TimestampSchema,
});
export type Verification = z.infer<typeof VerificationSchema>;

/** `POST /v1/certificates/{id}/revoke` (admin). */
export const RevokeCertificateRequestSchema = z.strictObject({
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
});
export type RevokeCertificateRequest = z.infer<typeof RevokeCertificateRequestSchema>;
