import { ManualClock, startTestServer, type TestServer } from '@siso/training-server/testing';
import { DEFAULT_POLICY } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TrainingClient } from '../client.ts';
import { ApiError } from '../errors.ts';
import { ServiceClient } from './service-client.ts';

// One clock for the server and every client: signatures, token lifetimes and a late retry are
// all reached by moving it, never by waiting.
const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
let server: TestServer;
let events = 0;
beforeAll(async () => {
  server = await startTestServer({}, { clock });
});
afterAll(() => server?.close());

/** A `module.started` of fabrikam's, with an id of its own. */
const started = () => ({
  id: `sdk-${++events}`,
  type: 'module.started' as const,
  partnerId: 'fabrikam',
  moduleId: 'product-fundamentals',
  occurredAt: clock.now().toISOString(),
});

describe('ServiceClient against a real server', () => {
  it('creates a partner, mints a widget token for it, and the token reads that partner only', async () => {
    const portal = new ServiceClient({ apiBase: server.url, key: await server.keyFor('portal'), clock });
    const created = await portal.upsertPartner('sdk-partner', {
      name: 'SDK Partner',
      performanceScore: 75,
      trailingRevenue: 100_000,
      currency: 'EUR',
    });
    expect(created.partner).toMatchObject({ id: 'sdk-partner', name: 'SDK Partner', tier: 'bronze' });
    expect((await portal.getPartner('sdk-partner')).partner.performanceScore).toBe(75);

    const { token, expiresAt } = await portal.mintWidgetToken({ partnerId: 'sdk-partner', ttlSeconds: 300 });
    expect(Date.parse(expiresAt)).toBe(Math.floor(clock.now().getTime() / 1000) * 1000 + 300_000);
    const snapshot = await new TrainingClient({ apiBase: server.url, token }).getTraining();
    expect(snapshot.partner.id).toBe('sdk-partner');
  });

  it('sends signed ingestion events, each applied once', async () => {
    const lms = new ServiceClient({
      apiBase: server.url,
      key: await server.keyFor('training'),
      signingSecret: server.config.ingestSigningSecrets[0]!,
      clock,
    });
    const event = started();
    expect(await lms.sendIngestEvents([event])).toMatchObject({ applied: 1, duplicate: 0 });
    expect(await lms.sendIngestEvents([event])).toMatchObject({ applied: 0, duplicate: 1 });
  });

  it('signs a retried batch again, so a late retry is not refused as stale', async () => {
    let attempts = 0;
    // The first attempt "takes" longer than the server's tolerance (the clock moves past it), then
    // its connection drops; ky retries.
    const dropsFirst: typeof fetch = async (input, init) => {
      attempts += 1;
      if (attempts > 1) return fetch(input, init);
      clock.advance({ seconds: server.config.ingestToleranceSeconds + 1 });
      throw new TypeError('fetch failed');
    };
    const lms = new ServiceClient({
      apiBase: server.url,
      key: await server.keyFor('training'),
      signingSecret: server.config.ingestSigningSecrets[0]!,
      fetch: dropsFirst,
      clock,
    });
    expect(await lms.sendIngestEvents([started()])).toMatchObject({ applied: 1 });
    expect(attempts).toBe(2);
  });

  it('throws ApiError with the problem fields for a wrong key or a bad signature', async () => {
    const wrongRole = new ServiceClient({ apiBase: server.url, key: await server.keyFor('training'), maxRetries: 0, clock });
    const refused = await wrongRole.mintWidgetToken({ partnerId: 'fabrikam', ttlSeconds: 60 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);

    const badSecret = new ServiceClient({
      apiBase: server.url,
      key: await server.keyFor('training'),
      signingSecret: 'not-the-secret-not-the-secret-0000',
      maxRetries: 0,
      clock,
    });
    const unsigned = await badSecret.sendIngestEvents([started()]).catch((e: unknown) => e);
    expect((unsigned as ApiError).status).toBe(401);
  });

  it('stores a policy, which answers at once, and follows its change until every partner has it', async () => {
    const admin = new ServiceClient({ apiBase: server.url, key: await server.keyFor('admin'), clock });
    const { version, ...input } = DEFAULT_POLICY;
    const { policy, change } = await admin.updatePolicy({ ...input, baseRate: input.baseRate + 1 });
    expect(policy).toMatchObject({ version: version + 1, baseRate: input.baseRate + 1 });
    expect(change).toMatchObject({ policyVersion: version + 1, state: 'running', done: 0, href: `/v1/changes/${change.id}` });
    const done = await vi.waitFor(
      async () => {
        const now = await admin.getProgramChange(change.id);
        if (now.state !== 'done') throw new Error(`${now.done} of ${now.total}`);
        return now;
      },
      { timeout: 60_000, interval: 20 },
    );
    expect(done).toMatchObject({ done: change.total, remaining: 0, changed: change.total });
    const missing = await admin.getProgramChange(change.id + 1_000).catch((e: unknown) => e);
    expect((missing as ApiError).status).toBe(404);
    // Unusual (a base rate above 25): refused unless forced.
    const unusual = await admin.updatePolicy({ ...input, baseRate: 40, cap: 60 }).catch((e: unknown) => e);
    expect((unusual as ApiError).status).toBe(422);
    const forced = await admin.updatePolicy({ ...input, baseRate: 40, cap: 60 }, { force: true });
    expect(forced.policy.version).toBe(version + 2);
  });

  it('previews a policy, writing nothing, and pages the partners it moves', async () => {
    const admin = new ServiceClient({ apiBase: server.url, key: await server.keyFor('admin'), clock });
    const { version: _, ...input } = DEFAULT_POLICY;
    // Gold asks for a performance of 75 (Contoso has 72), Silver for two core modules (Northwind has them).
    const candidate = {
      ...input,
      tiers: input.tiers.map((t) =>
        t.id === 'gold'
          ? { ...t, requirements: [t.requirements[0]!, { kind: 'performance' as const, score: 75 }] }
          : t.id === 'silver'
            ? { ...t, requirements: [{ kind: 'category_count' as const, category: 'core' as const, count: 2 }] }
            : t,
      ),
    };
    const now = clock.now().toISOString();
    const first = await admin.previewPolicy({ policy: candidate }, { limit: 1 });
    expect(first).toMatchObject({ now, issues: [], partners: [{ partnerId: 'contoso', move: 'down' }] });
    expect(first.summary!.movedDown).toBeGreaterThanOrEqual(1);
    const second = await admin.previewPolicy({ policy: candidate }, { limit: 1, cursor: first.next! });
    expect(second).toMatchObject({ now, summary: null, partners: [{ partnerId: 'northwind', move: 'up' }] });
    const bad = await admin.previewPolicy({ policy: candidate }, { cursor: 'nope' }).catch((e: unknown) => e);
    expect((bad as ApiError).status).toBe(400);
  });
});
