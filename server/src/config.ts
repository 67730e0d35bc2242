import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import { SIGNATURE_TOLERANCE_SECONDS } from '@siso/training-core';
import * as z from 'zod';
import { StartupError } from './startup-error.ts';

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const flag = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1_000).default(10),
  DATA_DIR: z.string().min(1).default('.data'),
  EVENT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  EVENT_RETENTION_EVENTS: z.coerce.number().int().min(1).default(1_000),
  EVENTS_HEARTBEAT_MS: z.coerce.number().int().min(10).default(15_000),
  EVENTS_MAX_BUFFERED_KB: z.coerce.number().int().min(16).default(512),
  WIDGET_TOKEN_SECRETS: list,
  CORS_ORIGINS: list,
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DEMO: flag,
  DEMO_TRAINING_INTERVAL_MS: z.coerce.number().int().min(0).default(12_000),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  INGEST_SIGNING_SECRETS: list,
  INGEST_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(SIGNATURE_TOLERANCE_SECONDS),
  RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(20),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
  SERVICE_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().default(200),
  SERVICE_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(1_000),
  AUTH_FAILURE_LIMIT_PER_SECOND: z.coerce.number().positive().default(10),
  AUTH_FAILURE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).default(65_536),
  KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(65),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(3_600).default(10),
  INGEST_BODY_LIMIT_BYTES: z.coerce.number().int().min(1_024).default(2_097_152),
  XAPI_ACTIVITY_BASE: z.url().default('https://siso.training/xapi/modules/'),
  LMS_LAUNCH_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .optional(),
  SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  REEVALUATION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  PROGRAM_CHANGE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  PROGRAM_CHANGE_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),
  PROGRAM_CHANGE_CHECK_SECONDS: z.coerce.number().int().min(0).default(10),
  CERTIFICATE_SIGNING_KEY: z.string().optional(),
  CERTIFICATE_ISSUER_NAME: z.string().min(1).max(200).default('SISO Partner Program'),
});

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent means the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema holding the tables (created if missing); default: the connection's search_path. */
  databaseSchema: string | undefined;
  /** PostgreSQL connections per node, besides its one LISTEN connection. */
  databasePoolSize: number;
  /** Live updates: event log retention (whichever limit bites first), heartbeat, slow-client bound. */
  events: { retentionDays: number; retentionEvents: number; heartbeatMs: number; maxBufferedBytes: number };
  dataDir: string;
  /** First signs widget tokens; all verify (rotation). */
  widgetTokenSecrets: string[];
  /** Origins allowed to call the API from a browser (exact matches). */
  corsOrigins: string[];
  /** Bearer token /metrics asks for; absent, /metrics is open (block it at the proxy). */
  metricsToken: string | undefined;
  /** Seed demo partners and expose the demo token route. */
  demo: boolean;
  /** Demo mode: time between two steps of the demo training system; 0 turns its timer off. */
  demoTrainingIntervalMs: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Base URL the outside world reaches this server at (links in certificates); default: where it listens. */
  publicUrl: string | undefined;
  production: boolean;
  /** HMAC secrets of signed ingestion; any verifies (rotation). */
  ingestSigningSecrets: string[];
  ingestToleranceSeconds: number;
  /** Token bucket per widget token (one browser session), per node: refill rate and size. */
  rateLimit: { perSecond: number; burst: number };
  /**
   * Token bucket per service key, per node. A key carries a whole system's traffic (the portal
   * backend mints a token for every page view of every partner), so it gets a bucket of its own size.
   */
  serviceRateLimit: { perSecond: number; burst: number };
  /** Failed authentications per client address: sustained per second, and at once. */
  authFailureLimit: { perSecond: number; burst: number };
  /**
   * How long an idle keep-alive connection stays open. Above the idle timeout of the load balancer
   * in front (60 s on AWS ALB and nginx), or it may send a request on a connection Node is closing.
   */
  keepAliveTimeoutSeconds: number;
  /** On SIGTERM, how long requests under way may take to finish before their connections are cut. */
  shutdownGraceSeconds: number;
  bodyLimitBytes: number;
  ingestBodyLimitBytes: number;
  /** Prefix of the default xAPI activity id of a module (`<base><module id>`). */
  xapiActivityBase: string;
  /** Launch link into the training system for `lms` modules; `{moduleId}` and `{partnerId}` are filled in. */
  lmsLaunchUrl: string | undefined;
  /** How often certificates and grace periods are checked for expiry; 0 turns the sweep off. */
  sweepIntervalSeconds: number;
  /** Partners re-evaluated per transaction after a policy or catalog change. */
  reevaluationBatchSize: number;
  /** Partners per transaction while a program change is applied. */
  programChangeBatchSize: number;
  /** How long a node's hold on a program change lasts without a batch committing; then another node takes it over. */
  programChangeLeaseSeconds: number;
  /** How often a node looks for a program change whose node died (it also looks at start-up); 0: at start-up only. */
  programChangeCheckSeconds: number;
  /** Ed25519 private JWK that signs certificates; absent outside production, where one is generated and kept. */
  certificateSigningKey: JWK | undefined;
  /** The issuer named in certificates. */
  certificateIssuerName: string;
}

/** Thrown for a configuration the server cannot start with; the message is one line. */
export class ConfigError extends StartupError {
  override name = 'ConfigError';
}

/** Settings renamed since an earlier release: old name → new name. */
const RENAMED: Record<string, string> = {
  POLICY_CHANGE_BATCH_SIZE: 'PROGRAM_CHANGE_BATCH_SIZE',
  POLICY_CHANGE_LEASE_SECONDS: 'PROGRAM_CHANGE_LEASE_SECONDS',
  POLICY_CHANGE_CHECK_SECONDS: 'PROGRAM_CHANGE_CHECK_SECONDS',
};

/**
 * Reads the configuration from environment variables (see server/README.md for each one).
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // A setting under its old name would be ignored without a word, and the server run on defaults.
  for (const [old, now] of Object.entries(RENAMED)) {
    if (env[old] !== undefined) throw new ConfigError(`invalid configuration: ${old} is now ${now}; rename it`);
  }
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  let secrets = e.WIDGET_TOKEN_SECRETS;
  if (secrets.length === 0) {
    if (production) throw new ConfigError('invalid configuration: WIDGET_TOKEN_SECRETS is required in production');
    // Development only: tokens then last as long as the process, which is what a demo needs.
    secrets = [randomBytes(32).toString('base64url')];
  }
  if (secrets.some((s) => s.length < 32)) {
    throw new ConfigError('invalid configuration: WIDGET_TOKEN_SECRETS entries must be at least 32 characters');
  }
  let ingestSecrets = e.INGEST_SIGNING_SECRETS;
  if (ingestSecrets.length === 0) {
    if (production) throw new ConfigError('invalid configuration: INGEST_SIGNING_SECRETS is required in production');
    ingestSecrets = [randomBytes(32).toString('base64url')];
  }
  if (ingestSecrets.some((s) => s.length < 32)) {
    throw new ConfigError('invalid configuration: INGEST_SIGNING_SECRETS entries must be at least 32 characters');
  }
  if (production && e.PUBLIC_URL === undefined) {
    // Certificates are signed with links under it (their id, the verification page): a guess from
    // the listening address would be baked into every credential issued.
    throw new ConfigError(
      'invalid configuration: PUBLIC_URL is required in production (the URL partners and certificate verifiers reach this server at)',
    );
  }
  if (production && e.DEMO === true) {
    throw new ConfigError('invalid configuration: DEMO cannot be on in production (its routes hand out widget tokens without credentials)');
  }
  return {
    certificateSigningKey: parseSigningKey(e.CERTIFICATE_SIGNING_KEY, production),
    certificateIssuerName: e.CERTIFICATE_ISSUER_NAME,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databaseSchema: e.DATABASE_SCHEMA,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    events: {
      retentionDays: e.EVENT_RETENTION_DAYS,
      retentionEvents: e.EVENT_RETENTION_EVENTS,
      heartbeatMs: e.EVENTS_HEARTBEAT_MS,
      maxBufferedBytes: e.EVENTS_MAX_BUFFERED_KB * 1024,
    },
    dataDir: e.DATA_DIR,
    widgetTokenSecrets: secrets,
    corsOrigins: e.CORS_ORIGINS,
    metricsToken: e.METRICS_TOKEN,
    demo: e.DEMO ?? !production,
    demoTrainingIntervalMs: e.DEMO_TRAINING_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    production,
    ingestSigningSecrets: ingestSecrets,
    ingestToleranceSeconds: e.INGEST_TOLERANCE_SECONDS,
    rateLimit: { perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST },
    serviceRateLimit: { perSecond: e.SERVICE_RATE_LIMIT_PER_SECOND, burst: e.SERVICE_RATE_LIMIT_BURST },
    authFailureLimit: { perSecond: e.AUTH_FAILURE_LIMIT_PER_SECOND, burst: e.AUTH_FAILURE_LIMIT_BURST },
    keepAliveTimeoutSeconds: e.KEEP_ALIVE_TIMEOUT_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    ingestBodyLimitBytes: e.INGEST_BODY_LIMIT_BYTES,
    xapiActivityBase: e.XAPI_ACTIVITY_BASE,
    lmsLaunchUrl: e.LMS_LAUNCH_URL,
    sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
    reevaluationBatchSize: e.REEVALUATION_BATCH_SIZE,
    programChangeBatchSize: e.PROGRAM_CHANGE_BATCH_SIZE,
    programChangeLeaseSeconds: e.PROGRAM_CHANGE_LEASE_SECONDS,
    programChangeCheckSeconds: e.PROGRAM_CHANGE_CHECK_SECONDS,
  };
}

function parseSigningKey(raw: string | undefined, production: boolean): JWK | undefined {
  if (raw === undefined || raw.trim() === '') {
    if (production)
      throw new ConfigError('invalid configuration: CERTIFICATE_SIGNING_KEY is required in production (npm run keys -- certificate-key)');
    return undefined;
  }
  let jwk: unknown;
  try {
    jwk = JSON.parse(raw);
  } catch {
    throw new ConfigError('invalid configuration: CERTIFICATE_SIGNING_KEY must be a JSON Web Key');
  }
  const k = jwk as JWK;
  if (
    typeof jwk !== 'object' ||
    jwk === null ||
    k.kty !== 'OKP' ||
    k.crv !== 'Ed25519' ||
    typeof k.d !== 'string' ||
    typeof k.x !== 'string'
  ) {
    throw new ConfigError(
      'invalid configuration: CERTIFICATE_SIGNING_KEY must be an Ed25519 private JWK (kty OKP, crv Ed25519, with d and x)',
    );
  }
  return k;
}
