import type { Context } from 'hono';
import * as z from 'zod';
import { invalidInput, Problem, type ProblemFieldError } from '../errors/problem.ts';

// English messages for every schema, core's zod/mini ones included (they share zod's config).
z.config(z.locales.en());

type Schema<T> = z.core.$ZodType<T>;

/** RFC 6901 pointer of an issue path. */
export function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Every leaf issue of a failed parse, unions flattened to their most specific branch. */
export function fieldErrors(error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  for (const issue of error.issues) {
    out.push({ pointer: pointer([...prefix, ...issue.path]) || '/', code: issue.code, detail: issue.message });
  }
  return out;
}

/** Parses `value` or throws a 400 problem listing each field. */
export function parseInput<T>(schema: Schema<T>, value: unknown, prefix: readonly PropertyKey[] = []): T {
  const result = z.safeParse(schema, value);
  if (!result.success) throw invalidInput(fieldErrors(result.error, prefix));
  return result.data;
}

/** Parses JSON text, or throws a 400 problem. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Problem({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The body is not valid JSON.' });
  }
}

/**
 * Whether JSON text may hold a string PostgreSQL cannot store. Raw U+0000 is not valid JSON and a
 * lone surrogate cannot survive UTF-8 decoding, so only a `\u0000` or `\uD800`–`\uDFFF` escape
 * writes one: text without such an escape (nearly every body) needs no walk.
 */
export const mayHoldUnstorable = (json: string): boolean => /\\u(?:0000|d[89a-f])/i.test(json);

/**
 * The first string or key PostgreSQL cannot store, as an issue: U+0000 and unpaired surrogates are
 * valid JSON but neither text nor jsonb takes them, so they are refused as input instead of
 * failing the write with a 500.
 */
export function unstorableText(value: unknown, path: readonly PropertyKey[] = []): ProblemFieldError | undefined {
  const found = findUnstorable(value);
  if (!found) return undefined;
  return { pointer: pointer([...path, ...found.at.reverse()]) || '/', code: 'invalid_characters', detail: `Contains ${found.what}, which cannot be stored.` };
}

// The path is built on the way back up, for the one string found, not for every value walked.
function findUnstorable(value: unknown): { what: string; at: PropertyKey[] } | undefined {
  if (typeof value === 'string') {
    // With the u flag, \p{Cs} matches only a surrogate that is not half of a pair.
    const what = value.includes('\0') ? 'U+0000 (NUL)' : /\p{Cs}/u.test(value) ? 'an unpaired surrogate' : undefined;
    return what === undefined ? undefined : { what, at: [] };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnstorable(value[i]);
      if (found) {
        found.at.push(i);
        return found;
      }
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value)) {
    const found = findUnstorable(key) ?? findUnstorable(child);
    if (found) {
      found.at.push(key);
      return found;
    }
  }
  return undefined;
}

/** The text of a JSON body (415 for another media type). */
export async function readJsonText(c: Context): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new Problem({ status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Send the body as application/json.' });
  }
  return c.req.text();
}

/** Reads a JSON body (415 for another media type, 400 for malformed JSON or text that cannot be stored). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await readJsonText(c);
  const json = parseJson(text);
  const unstorable = mayHoldUnstorable(text) ? unstorableText(json) : undefined;
  if (unstorable) throw invalidInput([unstorable]);
  return json;
}

/** Reads and validates a JSON body. */
export async function readBody<T>(c: Context, schema: Schema<T>): Promise<T> {
  return parseInput(schema, await readJson(c));
}
