// The server's contract tests, exact although the schemas read tolerantly.
import { expect } from 'vitest';
import type * as z from 'zod/mini';

/**
 * Parses an answer with its schema and fails on any field the schema does not name. Answer
 * schemas drop unknown fields, so that older clients read a newer server; the server's own
 * tests must still catch a field it sends by mistake.
 */
export function parseExact<T extends z.ZodMiniType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.parse(body);
  expect(parsed).toEqual(body);
  return parsed;
}
