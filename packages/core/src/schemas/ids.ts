import * as z from './zod.ts';

/** Ids of modules, certifications, tiers and partners: stable, URL-safe, lower-case. */
export const IdSchema = z.string().check(
  z.minLength(1),
  z.maxLength(64),
  z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"'),
);
export type Id = z.infer<typeof IdSchema>;

/** Timestamps on the wire are ISO 8601 strings with an offset. */
export const TimestampSchema = z.iso.datetime({ offset: true });
