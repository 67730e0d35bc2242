// An open page equals a fresh load, also when time, not a request, changes things: a live store
// (what an open widget holds) against `getTraining()` (what a reload shows), after each
// transition of a certificate's end. The server's clock is moved by the test, the sweep run at
// once; the store is awaited until it has applied everything the server committed.
import { ManualClock, startTestServer, type TestServer } from '@siso/training-server/testing';
import type { TrainingSnapshot } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingClient } from '../client.ts';
import { ServiceClient } from '../server/service-client.ts';
import { liveStore } from './registry.ts';
import type { LiveStore } from './store.ts';

const DAY = 86_400_000;
const PARTNER = 'sdk-lapse';

const clock = new ManualClock();
let server: TestServer;
let lms: ServiceClient;
let seq = 0;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  const portal = new ServiceClient({ apiBase: server.url, key: await server.keyFor('portal') });
  await portal.upsertPartner(PARTNER, { name: 'SDK Lapse', performanceScore: 70, trailingRevenue: 300_000, currency: 'EUR' });
  lms = new ServiceClient({
    apiBase: server.url,
    key: await server.keyFor('training'),
    signingSecret: server.config.ingestSigningSecrets[0]!,
    clock,
  });
});
afterAll(() => server?.close());

const complete = (...moduleIds: string[]) =>
  lms.sendIngestEvents(
    moduleIds.map((moduleId) => ({
      id: `sdk-time-${(seq += 1)}`,
      type: 'module.completed' as const,
      partnerId: PARTNER,
      moduleId,
      score: 90,
      timeSpentSeconds: 6_000,
      occurredAt: clock.now().toISOString(),
    })),
  );

/** Resolves once the store's snapshot has reached `cursor`. */
function reached(store: LiveStore, cursor: number): Promise<TrainingSnapshot> {
  return new Promise((resolve) => {
    const check = () => {
      const snapshot = store.getSnapshot().snapshot;
      if (snapshot && snapshot.cursor >= cursor) {
        stop();
        resolve(snapshot);
      }
    };
    const stop = store.subscribe(check);
    check();
  });
}

describe('an open page after time passes', () => {
  it('equals a fresh load after the warning, the end, the grace period, the drop and the renewal', async () => {
    const client = new TrainingClient({ apiBase: server.url, tokenProvider: async () => server.tokenFor(PARTNER, 900) });
    // Solution Architect now; the rest of the core 100 days later, so Sales Foundation ends apart.
    await complete('product-fundamentals', 'architecture-deep-dive', 'integration-patterns', 'security-and-compliance');
    clock.advance({ days: 100 });
    await complete('solution-selling', 'pricing-and-licensing', 'customer-onboarding');
    await client.completeModule('partner-program-essentials');
    const first = await client.getTraining();
    expect(first.evaluation.tier).toBe('gold');
    const ends = Date.parse(first.certificates.find((c) => c.certificationId === 'solution-architect')!.expiresAt);

    const store = liveStore(client, { linger: 0 });
    const keepOpen = store.subscribe(() => {});
    try {
      await reached(store, first.cursor);
      const transitions: [string, () => Promise<unknown>][] = [
        ['warned', async () => clock.set(new Date(ends - 30 * DAY))],
        ['expired', async () => clock.set(new Date(ends + 1_000))],
        ['dropped', async () => clock.set(new Date(ends + 31 * DAY))],
        ['renewed', async () => complete('architecture-deep-dive', 'integration-patterns', 'security-and-compliance')],
      ];
      const seen: Record<string, TrainingSnapshot> = {};
      for (const [name, step] of transitions) {
        await step();
        await server.sweep();
        const fresh = await client.getTraining();
        const open = await reached(store, fresh.cursor);
        expect(open, name).toEqual(fresh);
        seen[name] = fresh;
      }
      expect(seen.warned!.evaluation.atStake.map((s) => s.code)).toEqual(['stake.expiring']);
      expect(seen.expired!.evaluation).toMatchObject({ tier: 'gold', atRisk: { fallbackTier: 'silver' } });
      expect(seen.expired!.certificates.find((c) => c.certificationId === 'solution-architect')?.status).toBe('expired');
      expect(seen.dropped!.evaluation).toMatchObject({ tier: 'silver', atRisk: null, atStake: [] });
      expect(seen.renewed!.evaluation).toMatchObject({ tier: 'gold', atStake: [] });
      expect(seen.renewed!.nextStep?.kind).not.toBe('renew');
    } finally {
      keepOpen();
    }
  });
});
