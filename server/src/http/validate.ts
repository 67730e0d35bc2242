import type { Context } from 'hono';
import * as z from 'zod';
import { IdSchema } from '@siso/training-core';
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

/** Reads a JSON body (415 for another media type, 400 for malformed JSON). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new Problem({ status: 415, slug: 'unsupported-media-type', title: 'Unsupported media type', detail: 'Send the body as application/json.' });
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Problem({ status: 400, slug: 'malformed-json', title: 'Malformed JSON', detail: 'The body is not valid JSON.' });
  }
}

/** Reads and validates a JSON body. */
export async function readBody<T>(c: Context, schema: Schema<T>): Promise<T> {
  return parseInput(schema, await readJson(c));
}

/** A path parameter that must be an id (module, certification, partner). */
export function idParam(c: Context, name: string): string {
  return parseInput(IdSchema, c.req.param(name), [name]);
}
