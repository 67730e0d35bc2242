import * as z from './zod.ts';

/** Ids of modules, certifications, tiers and partners: stable, URL-safe, lower-case. */
export const IdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(64), z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"'));
export type Id = z.infer<typeof IdSchema>;

/**
 * Timestamps in answers: ISO 8601 strings with an offset, as the server writes them. Read as
 * strings: checking the format in every browser costs the script tag 0.3 KB gzip and guards
 * nothing the server does not already guarantee. What the server takes in is checked
 * (api.ts, `TimestampInputSchema`); the API document says `format: date-time` for both.
 */
export const TimestampSchema = z.string();
