import type { PolicyIssue } from '@siso/training-core';
import * as z from 'zod';
import { Problem, type ProblemFieldError } from '../errors/problem.ts';
import { described } from '../http/params.ts';
import { pointer } from '../http/pointer.ts';

/** `?force=true`: store a policy whose only issues are forceable (unusual, not invalid). */
export const ForceQuery = z.strictObject({
  force: z.optional(
    described(z.enum(['true', 'false']), 'true stores a policy whose only issues are unusual ones (`forceable` in a 422); default false'),
  ),
});

export const toFieldError = (i: PolicyIssue): ProblemFieldError => ({
  pointer: pointer(i.path) || '/',
  code: i.code,
  detail: JSON.stringify(i.params),
  forceable: i.forceable,
});

/**
 * Refuses a policy with issues (422, each listed with `forceable`): always when one is invalid,
 * and when the rest are unusual unless the admin forces it.
 */
export function refusePolicyIssues(issues: readonly PolicyIssue[], force: boolean): void {
  if (issues.length === 0) return;
  const invalid = issues.some((i) => !i.forceable);
  if (!invalid && force) return;
  throw new Problem({
    status: 422,
    slug: invalid ? 'invalid-policy' : 'unusual-policy',
    title: 'Unprocessable change',
    detail: invalid
      ? 'The policy breaks a rule; see errors (those marked forceable would pass with ?force=true, the others never).'
      : 'The policy is valid but unusual; see errors. Send it again with ?force=true to store it anyway.',
    errors: issues.map(toFieldError),
  });
}
