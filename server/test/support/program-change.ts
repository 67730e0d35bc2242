// A policy change answers at once and applies in the background: tests that store one and then
// read partners, or store another (refused with 409 while one runs), follow it to its end first.
import { ProgramChangeSchema, PolicyUpdateResponseSchema, type ProgramChange, type PolicyUpdateResponse } from '@siso/training-core';
import { vi } from 'vitest';
import { parseExact } from '../../../test-support/exact.ts';
import type { http } from './http.ts';

type Request = ReturnType<typeof http>;

/** Polls the change at `href` until it is `done` (bounded only by the test's timeout). */
export async function changeDone(request: Request, token: string, href: string): Promise<ProgramChange> {
  let change: ProgramChange | undefined;
  await vi.waitFor(
    async () => {
      const res = await request('GET', href, { token });
      if (res.status !== 200) throw new Error(`GET ${href} answered ${res.status}`);
      change = parseExact(ProgramChangeSchema, res.body);
      if (change.state !== 'done') throw new Error(`change still running: ${change.done} of ${change.total}`);
    },
    { timeout: 60_000, interval: 20 },
  );
  return change!;
}

/**
 * `PUT /v1/policy` that must be accepted (202), followed until every partner has it.
 *
 * @example
 * const { policy, change } = await applyPolicy(request, admin, input);
 */
export async function applyPolicy(
  request: Request,
  token: string,
  input: object,
  query = '',
): Promise<{ policy: PolicyUpdateResponse['policy']; accepted: ProgramChange; change: ProgramChange }> {
  const res = await request('PUT', `/v1/policy${query}`, { token, body: input });
  if (res.status !== 202) throw new Error(`PUT /v1/policy answered ${res.status}: ${JSON.stringify(res.body)}`);
  const { policy, change: accepted } = parseExact(PolicyUpdateResponseSchema, res.body);
  return { policy, accepted, change: await changeDone(request, token, accepted.href) };
}
