import { DEFAULT_POLICY, ProblemSchema, TierPolicySchema } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExact } from '../../test-support/exact.ts';
import { http } from './support/http.ts';
import { applyPolicy } from './support/program-change.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

let server: TestServer;
let request: ReturnType<typeof http>;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  request = http(server.url);
  admin = await server.keyFor('admin');
});
afterAll(() => server?.close());

const { version: _, ...policyInput } = DEFAULT_POLICY;
const storedVersion = async () => parseExact(TierPolicySchema, (await request('GET', '/v1/policy', { token: admin })).body).version;

describe('PUT /v1/policy: sanity', () => {
  it('refuses a policy without an entry tier, forced or not (422, not forceable)', async () => {
    const version = await storedVersion();
    const noBronze = { ...policyInput, tiers: policyInput.tiers.slice(1) };
    for (const path of ['/v1/policy', '/v1/policy?force=true']) {
      const res = await request('PUT', path, { token: admin, body: noBronze });
      expect(res.status, path).toBe(422);
      const problem = parseExact(ProblemSchema, res.body);
      expect(problem.type).toMatch(/invalid-policy$/);
      expect(problem.errors).toContainEqual({
        pointer: '/tiers/0/requirements',
        code: 'policy.no_entry_tier',
        detail: JSON.stringify({ tier: 'silver' }),
        forceable: false,
      });
    }
    expect(await storedVersion()).toBe(version);
  });

  it('refuses an unusual policy unless forced, and stores it with ?force=true', async () => {
    const version = await storedVersion();
    const generous = { ...policyInput, baseRate: 50, cap: 100 };
    const refused = await request('PUT', '/v1/policy', { token: admin, body: generous });
    expect(refused.status).toBe(422);
    const problem = parseExact(ProblemSchema, refused.body);
    expect(problem.type).toMatch(/unusual-policy$/);
    expect(problem.detail).toContain('?force=true');
    expect(problem.errors).toEqual([
      { pointer: '/baseRate', code: 'policy.base_rate_high', detail: JSON.stringify({ baseRate: 50, max: 25 }), forceable: true },
    ]);
    expect((await request('PUT', '/v1/policy?force=false', { token: admin, body: generous })).status).toBe(422);
    expect(await storedVersion()).toBe(version);

    // Applied in the background: each is followed to its end before the next (409 meanwhile).
    const forced = await applyPolicy(request, admin, generous, '?force=true');
    expect(forced.policy).toMatchObject({ version: version + 1, baseRate: 50 });
    await applyPolicy(request, admin, policyInput);
  });

  it('lists invalid and unusual issues together, each marked', async () => {
    const res = await request('PUT', '/v1/policy?force=true', { token: admin, body: { ...policyInput, baseRate: 40, cap: 30 } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { code: string; forceable: boolean }) => [e.code, e.forceable])).toEqual([
      ['policy.cap_below_base', false],
      ['policy.base_rate_high', true],
      ['policy.tier_pays_no_more', true],
      ['policy.tier_pays_no_more', true],
      ['policy.tier_pays_no_more', true],
    ]);
  });

  it('takes force only as true or false (400)', async () => {
    const res = await request('PUT', '/v1/policy?force=yes', { token: admin, body: policyInput });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
