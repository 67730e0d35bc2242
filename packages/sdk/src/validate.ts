import type { z } from 'zod/mini';
import { ValidationError, type ValidationIssue } from './errors.ts';

/** Parses `value` with `schema` or throws a `ValidationError` naming each bad field. */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    // zod/mini ships no English messages (bundle size): an issue is described by its code, and by
    // the expected type where that is what went wrong — the path says which field.
    message: issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.code,
  }));
  throw new ValidationError(what, issues);
}

/**
 * Parses `text` as JSON: an answer that is not JSON at all (a proxy's HTML page, a truncated
 * body) is a `ValidationError` too, not a bare `SyntaxError`.
 */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError(what, [{ path: '', code: 'invalid_json', message: 'is not JSON' }]);
  }
}

/** `parseJson`, then `validate`. */
export function validateJson<S extends z.ZodMiniType>(schema: S, text: string, what: string): z.output<S> {
  return validate(schema, parseJson(text, what), what);
}
