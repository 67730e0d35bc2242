import * as z from 'zod';
import { fieldErrors, unstorableText } from '../http/validate.ts';
import type { ProblemFieldError } from '../errors/problem.ts';
import { reason, type RefusedItem } from './apply.ts';

/**
 * One item of a batch (ingestion events, xAPI statements), checked on its own so that one bad
 * item is one refused item and the rest of the batch still applies.
 */
export function parseItem<T>(schema: z.core.$ZodType<T>, raw: unknown, index: number, prefix: readonly PropertyKey[]): { data: T } | RefusedItem {
  const unstorable = unstorableText(raw, prefix);
  if (unstorable) return refused(raw, index, [unstorable]);
  const result = z.safeParse(schema, raw);
  return result.success ? { data: result.data } : refused(raw, index, fieldErrors(result.error, prefix));
}

function refused(raw: unknown, index: number, issues: ProblemFieldError[]): RefusedItem {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.slice(0, 200) : `#${index}`;
  return { id, reason: reason('invalid', issues.map((i) => `${i.pointer}: ${i.detail}`).join('; ')) };
}
