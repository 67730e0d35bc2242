// Time-driven changes as events: a certificate entering the warning window, ending, the grace
// period starting, ending in a downgrade or a renewal. The server's clock is moved by the test
// and the sweep run at once, so nothing waits for real time.
import { STREAM_TOKEN_EXPIRED, TrainingSnapshotSchema, type TrainingSnapshot } from '@siso/training-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExact } from '../../test-support/exact.ts';
import { TestStream } from './live/sse-client.ts';
import { ManualClock, startTestServer, type TestServer } from './support/test-server.ts';

const DAY = 86_400_000;
const CORE = ['partner-program-essentials', 'product-fundamentals', 'solution-selling', 'pricing-and-licensing', 'customer-onboarding'];
const SA = ['architecture-deep-dive', 'integration-patterns', 'security-and-compliance'];

const clock = new ManualClock(new Date());
let server: TestServer;
let training: string;
let portal: string;
let seq = 0;

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  [training, portal] = await Promise.all([server.keyFor('training'), server.keyFor('portal')]);
});
afterAll(() => server?.close());

async function ingest(events: object[]): Promise<void> {
  expect((await server.ingest(training, events)).status).toBe(200);
}

const completions = (partnerId: string, modules: string[]) =>
  modules.map((moduleId) => ({
    id: `fs-${(seq += 1)}`,
    type: 'module.completed',
    partnerId,
    moduleId,
    score: 90,
    timeSpentSeconds: 6_000,
    occurredAt: clock.now().toISOString(),
  }));

async function snapshotOf(partnerId: string): Promise<TrainingSnapshot> {
  const res = await fetch(`${server.url}/v1/me/training`, { headers: { authorization: `Bearer ${await server.tokenFor(partnerId)}` } });
  expect(res.status).toBe(200);
  return parseExact(TrainingSnapshotSchema, await res.json());
}

/**
 * A new Gold partner, performance 70: Solution Architect passed now, the rest of the core 100
 * days later (so Sales Foundation ends well after it, and stays out of the way).
 */
async function goldPartner(id: string): Promise<TrainingSnapshot> {
  const res = await fetch(`${server.url}/v1/partners/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${portal}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: id, performanceScore: 70, trailingRevenue: 480_000, currency: 'EUR' }),
  });
  expect(res.status).toBe(201);
  await ingest(completions(id, ['product-fundamentals', ...SA]));
  clock.advance({ days: 100 });
  await fetch(`${server.url}/v1/me/modules/partner-program-essentials/complete`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await server.tokenFor(id)}` },
  });
  await ingest(completions(id, CORE.slice(2)));
  const snapshot = await snapshotOf(id);
  expect(snapshot.evaluation).toMatchObject({ tier: 'gold', commission: { rate: 21 }, atStake: [] });
  return snapshot;
}

const saEnd = (s: TrainingSnapshot) => Date.parse(s.certificates.find((c) => c.certificationId === 'solution-architect')!.expiresAt);

/**
 * A partner's open event stream, as a page holds it, resumed after `from`. Moving the clock days
 * ahead expires its token, which ends the stream with `token-expired`: the page then comes back
 * with a fresh token from the last seq it has, as the SDK does.
 */
async function follow(partnerId: string, from: number) {
  const streams: TestStream[] = [];
  const open = async (after: number) => {
    const opened = await TestStream.open(server.url, { token: await server.tokenFor(partnerId, 900), lastEventId: String(after) });
    streams.push(opened);
    return opened;
  };
  let stream = await open(from);
  const events = () => streams.flatMap((s) => s.events);
  const last = () => events().at(-1)?.seq ?? from;
  let seen = from;
  /** The types of the events streamed since the last call, once the page has reached the partner's last seq. */
  const caughtUp = async (): Promise<string[]> => {
    const { cursor } = await snapshotOf(partnerId);
    for (;;) {
      try {
        await stream.until(() => last() >= cursor);
        break;
      } catch (error) {
        if (stream.messages.at(-1)?.event !== STREAM_TOKEN_EXPIRED) throw error;
        stream = await open(last());
      }
    }
    const fresh = events().filter((e) => e.seq > seen);
    seen = cursor;
    return fresh.map((e) => e.type);
  };
  return {
    events,
    caughtUp,
    /** Moves the clock to `at`, sweeps, and answers the types of the events it streamed. */
    async passTime(at: number): Promise<string[]> {
      clock.set(new Date(at));
      await server.sweep();
      return caughtUp();
    },
    close: () => stream.close(),
  };
}

describe('time-driven changes', () => {
  it('warns, expires, holds the tier through grace, then drops it: each transition an event, in order', async () => {
    const start = await goldPartner('fs-lapse');
    const ends = saEnd(start);
    const page = await follow('fs-lapse', start.cursor);
    try {
      expect(await page.passTime(ends - 61 * DAY)).toEqual([]);

      const warned = await page.passTime(ends - 59 * DAY);
      expect(warned).toEqual(['certificate.expiring', 'recommendations.updated']);
      const warning = (await snapshotOf('fs-lapse')).evaluation.atStake;
      expect(warning).toEqual([
        expect.objectContaining({
          code: 'stake.expiring',
          certificationId: 'solution-architect',
          tierAfter: 'silver',
          rateDelta: -4,
          yearlyValue: -19_200,
        }),
      ]);
      expect((await snapshotOf('fs-lapse')).nextStep).toMatchObject({ kind: 'renew', certificationId: 'solution-architect', rateDelta: 4 });

      const expired = await page.passTime(ends + 1_000);
      expect(expired).toEqual(['certificate.expired', 'grace.started', 'commission.changed', 'recommendations.updated']);
      const inGrace = await snapshotOf('fs-lapse');
      expect(inGrace.evaluation).toMatchObject({ tier: 'gold', metTier: 'silver', commission: { rate: 20 } });
      expect(inGrace.evaluation.atStake).toEqual([
        expect.objectContaining({ code: 'stake.grace', tierDropsAt: new Date(ends + 30 * DAY).toISOString() }),
      ]);
      expect(inGrace.summary.certificatesEarned).toBe(1); // Sales Foundation only
      expect(inGrace.certificates.find((c) => c.certificationId === 'solution-architect')?.status).toBe('expired');

      const dropped = await page.passTime(ends + 30 * DAY + 1_000);
      expect(dropped).toEqual(['grace.ended', 'tier.changed', 'commission.changed', 'recommendations.updated']);
      const after = await snapshotOf('fs-lapse');
      expect(after.evaluation).toMatchObject({ tier: 'silver', atRisk: null, atStake: [], commission: { rate: 17 } });
      expect(page.events().find((e) => e.type === 'grace.ended')?.data).toMatchObject({ tier: 'silver', outcome: 'dropped' });

      // Each milestone is a line of the history, with its time.
      const types = after.history.map((h) => h.type);
      expect(types.slice(0, 5)).toEqual(['commission.changed', 'tier.changed', 'grace.ended', 'commission.changed', 'grace.started']);
      expect(types).toContain('certificate.expired');
      expect(after.history.find((h) => h.type === 'certificate.expired')).toMatchObject({
        at: new Date(ends + 1_000).toISOString(),
        params: { certificationId: 'solution-architect' },
      });

      // A sweep with nothing due sends nothing more.
      expect(await page.passTime(ends + 30 * DAY + 2_000)).toEqual([]);
    } finally {
      page.close();
    }
  });

  it('ends the grace period with the tier kept when the certificate is renewed in time', async () => {
    const start = await goldPartner('fs-renew');
    const ends = saEnd(start);
    const page = await follow('fs-renew', start.cursor);
    try {
      expect(await page.passTime(ends + 5 * DAY)).toContain('grace.started');
      // Renewing takes every Solution Architect module passed again.
      await ingest(completions('fs-renew', SA));
      expect(await page.caughtUp()).toEqual(expect.arrayContaining(['certificate.issued', 'grace.ended']));
      expect(page.events().find((e) => e.type === 'grace.ended')?.data).toMatchObject({ tier: 'gold', outcome: 'kept' });
      const renewed = await snapshotOf('fs-renew');
      expect(renewed.evaluation).toMatchObject({ tier: 'gold', atRisk: null, atStake: [], commission: { rate: 21 } });
      expect(renewed.certificates.filter((c) => c.certificationId === 'solution-architect').map((c) => c.status)).toEqual([
        'expired',
        'active',
      ]);
    } finally {
      page.close();
    }
  });

  it('renews early: passed again inside the window, the new certificate takes over and the warning clears', async () => {
    const start = await goldPartner('fs-early');
    const ends = saEnd(start);
    clock.set(new Date(ends - 20 * DAY));
    await server.sweep();
    expect((await snapshotOf('fs-early')).evaluation.atStake).toHaveLength(1);
    await ingest(completions('fs-early', SA));
    const renewed = await snapshotOf('fs-early');
    expect(renewed.evaluation.atStake).toEqual([]);
    // The old certificate stays valid to its end, but no longer warns: the renewal outlives it.
    expect(renewed.certificates.filter((c) => c.certificationId === 'solution-architect').map((c) => c.status)).toEqual([
      'active',
      'active',
    ]);
    expect(renewed.summary.certificatesEarned).toBe(2);
  });
});
