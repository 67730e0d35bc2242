import { ManualClock, startTestServer, type TestServer } from '@siso/training-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingClient } from '../client.ts';
import { ApiError } from '../errors.ts';
import { ServiceClient } from './service-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('ServiceClient against a real server', () => {
  it('creates a partner, mints a widget token for it, and the token reads that partner only', async () => {
    const portal = new ServiceClient({ apiBase: server.url, key: await server.keyFor('portal') });
    const created = await portal.upsertPartner('sdk-partner', { name: 'SDK Partner', performanceScore: 75, trailingRevenue: 100_000, currency: 'EUR' });
    expect(created.partner).toMatchObject({ id: 'sdk-partner', name: 'SDK Partner', tier: 'bronze' });
    expect((await portal.getPartner('sdk-partner')).partner.performanceScore).toBe(75);

    const { token, expiresAt } = await portal.mintWidgetToken({ partnerId: 'sdk-partner', ttlSeconds: 300 });
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    const snapshot = await new TrainingClient({ apiBase: server.url, token }).getTraining();
    expect(snapshot.partner.id).toBe('sdk-partner');
  });

  it('sends signed ingestion events, each applied once', async () => {
    const lms = new ServiceClient({ apiBase: server.url, key: await server.keyFor('training'), signingSecret: server.config.ingestSigningSecrets[0]! });
    const event = { id: `sdk-${Date.now()}`, type: 'module.started' as const, partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: new Date().toISOString() };
    expect(await lms.sendIngestEvents([event])).toMatchObject({ applied: 1, duplicate: 0 });
    expect(await lms.sendIngestEvents([event])).toMatchObject({ applied: 0, duplicate: 1 });
  });

  it('signs a retried batch again, so a late retry is not refused as stale', async () => {
    // One clock for both sides, moved by the test: the first attempt "takes" longer than the
    // tolerance without any real wait.
    const clock = new ManualClock();
    const strict = await startTestServer({ INGEST_TOLERANCE_SECONDS: '1' }, { clock });
    try {
      let attempts = 0;
      // The first attempt's connection drops once the tolerance has passed; ky then retries.
      const dropsFirst: typeof fetch = async (input, init) => {
        attempts += 1;
        if (attempts > 1) return fetch(input, init);
        clock.advance({ seconds: 2 });
        throw new TypeError('fetch failed');
      };
      const lms = new ServiceClient({ apiBase: strict.url, key: await strict.keyFor('training'), signingSecret: strict.config.ingestSigningSecrets[0]!, fetch: dropsFirst, clock });
      const event = { id: `sdk-late-${Date.now()}`, type: 'module.started' as const, partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: new Date().toISOString() };
      expect(await lms.sendIngestEvents([event])).toMatchObject({ applied: 1 });
      expect(attempts).toBe(2);
    } finally {
      await strict.close();
    }
  });

  it('throws ApiError with the problem fields for a wrong key or a bad signature', async () => {
    const wrongRole = new ServiceClient({ apiBase: server.url, key: await server.keyFor('training'), maxRetries: 0 });
    const refused = await wrongRole.mintWidgetToken({ partnerId: 'fabrikam', ttlSeconds: 60 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(403);

    const badSecret = new ServiceClient({ apiBase: server.url, key: await server.keyFor('training'), signingSecret: 'not-the-secret-not-the-secret-0000', maxRetries: 0 });
    const unsigned = await badSecret
      .sendIngestEvents([{ id: 'x', type: 'module.started', partnerId: 'fabrikam', moduleId: 'product-fundamentals', occurredAt: new Date().toISOString() }])
      .catch((e: unknown) => e);
    expect((unsigned as ApiError).status).toBe(401);
  });
});
