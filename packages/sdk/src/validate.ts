import type { z } from 'zod/mini';
import { ValidationError, type ValidationIssue } from './errors.ts';

type Issue = z.core.$ZodIssue;

// zod/mini ships no English messages (bundle size), so issues are described here, briefly.
function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `should be ${issue.expected}`;
    case 'too_small':
      return `should be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `should be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `should be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has unexpected fields ${issue.keys.join(', ')}`;
    case 'invalid_format':
      return `should be a valid ${issue.format}`;
    default:
      return issue.code;
  }
}

/** Parses `value` with `schema` or throws a `ValidationError` naming each bad field. */
export function validate<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: describe(issue),
  }));
  throw new ValidationError(what, issues);
}
