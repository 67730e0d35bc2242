import type { Context } from 'hono';
import * as z from 'zod';
import { invalidInput, Problem, type ProblemFieldError } from '../errors/problem.ts';
import { shapeIssue } from './json-shape.ts';
import { pointer } from './pointer.ts';

// English messages for every schema, core's zod/mini ones included (they share zod's config).
z.config(z.locales.en());

type Schema<T> = z.core.$ZodType<T>;

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

/** The text of a JSON body (415 for another media type). */
export async function readJsonText(c: Context): Promise<string> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new Problem({
      status: 415,
      slug: 'unsupported-media-type',
      title: 'Unsupported media type',
      detail: 'Send the body as application/json.',
    });
  }
  return c.req.text();
}

/**
 * Reads a JSON body: 415 for another media type; 400 for malformed JSON, nesting too deep, a
 * prototype key, or text that cannot be stored (`shapeIssue`).
 */
export async function readJson(c: Context): Promise<unknown> {
  const text = await readJsonText(c);
  const json = parseJson(text);
  const issue = shapeIssue(json, { checkText: mayHoldUnstorable(text) });
  if (issue) throw invalidInput([issue]);
  return json;
}

/** Reads and validates a JSON body. */
export async function readBody<T>(c: Context, schema: Schema<T>): Promise<T> {
  return parseInput(schema, await readJson(c));
}
