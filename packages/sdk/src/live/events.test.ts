// subscribe and the live store against the real API's GET /v1/me/events.
import { startTestServer, type TestServer } from '@siso/training-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingClient } from '../client.ts';
import { waitUntil } from '../testing/recording-fetch.ts';
import { liveStore } from './registry.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('GET /v1/me/events through the SDK', () => {
  it('starts with a snapshot, then applies what a launch changes', async () => {
    const client = new TrainingClient({ apiBase: server.url, tokenProvider: () => server.tokenFor('northwind') });
    const store = liveStore(client, { linger: 0 });
    const stop = store.subscribe(() => {});
    try {
      await waitUntil(() => store.getSnapshot().connection === 'live' && store.getSnapshot().snapshot);
      const before = store.getSnapshot().snapshot!;
      const locked = new Set(before.locked.map((l) => l.moduleId));
      const target = before.modules.find((m) => m.progress.status === 'not_started' && !locked.has(m.id))!;
      const launched = await client.launchModule(target.id);
      expect(launched.moduleId).toBe(target.id);
      await waitUntil(() => store.getSnapshot().snapshot!.modules.find((m) => m.id === target.id)!.progress.status === 'in_progress');
      // The live state equals a fresh read, event for event.
      const fresh = await client.getTraining();
      const live = store.getSnapshot().snapshot!;
      expect(live.cursor).toBe(fresh.cursor);
      expect(live.modules).toEqual(fresh.modules);
      expect(live.summary).toEqual(fresh.summary);
      expect(live.evaluation).toEqual(fresh.evaluation);
    } finally {
      stop();
    }
  });
});
