import { randomBytes } from 'node:crypto';
import * as z from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const flag = z.enum(['1', '0', 'true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));

const EnvSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://').optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  WIDGET_TOKEN_SECRETS: list,
  CORS_ORIGINS: list,
  DEMO: flag,
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent means the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** First signs widget tokens; all verify (rotation). */
  widgetTokenSecrets: string[];
  /** Origins allowed to call the API from a browser (exact matches). */
  corsOrigins: string[];
  /** Seed demo partners and expose the demo token route. */
  demo: boolean;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** Base URL the outside world reaches this server at (links in certificates); default: where it listens. */
  publicUrl: string | undefined;
  production: boolean;
}

/** Thrown for a configuration the server cannot start with; the message is one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration from environment variables (see server/README.md for each one).
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
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
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    widgetTokenSecrets: secrets,
    corsOrigins: e.CORS_ORIGINS,
    demo: e.DEMO ?? !production,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    production,
  };
}
