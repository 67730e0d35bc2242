import { IdSchema } from '@siso/training-core';
import * as z from 'zod';

/** A copy of `schema` that the OpenAPI document describes with `description` (the original is shared). */
export function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  const copy = z.core.clone(schema);
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** `{id}` in a path: an id (module, certification, partner). */
export const idParams = (description: string) => z.strictObject({ id: described(IdSchema, description) });

/**
 * A decimal integer in a path or query, written as people write it: digits only, no sign, no
 * spaces, no `0x` or exponent (which `Number()` would otherwise accept).
 */
export const decimal = ({ min, max }: { min: number; max: number }) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, 'Expected a decimal integer (digits only)')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
