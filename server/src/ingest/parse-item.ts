import * as z from 'zod';
import { shapeIssue } from '../http/json-shape.ts';
import { fieldErrors } from '../http/validate.ts';
import type { ProblemFieldError } from '../errors/problem.ts';
import { reason, type RefusedItem } from './apply.ts';

export interface ItemPosition {
  index: number;
  /** Where the item is in the body, for the pointers of its issues. */
  prefix: readonly PropertyKey[];
  /** `mayHoldUnstorable` of the whole body: without such an escape no item needs its text walked. */
  checkText: boolean;
}

/**
 * One item of a batch (ingestion events, xAPI statements), checked on its own so that one bad
 * item is one refused item and the rest of the batch still applies.
 */
export function parseItem<T>(
  schema: z.core.$ZodType<T>,
  raw: unknown,
  { index, prefix, checkText }: ItemPosition,
): { data: T } | RefusedItem {
  // Depth, prototype keys and unstorable text first: one such item is refused, the rest apply.
  const issue = shapeIssue(raw, { checkText, prefix });
  if (issue) return refused(raw, index, [issue]);
  const result = z.safeParse(schema, raw);
  return result.success ? { data: result.data } : refused(raw, index, fieldErrors(result.error, prefix));
}

function refused(raw: unknown, index: number, issues: ProblemFieldError[]): RefusedItem {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.slice(0, 200) : `#${index}`;
  return { id, reason: reason('invalid', issues.map((i) => `${i.pointer}: ${i.detail}`).join('; ')) };
}
