import { expect } from '@open-wc/testing';
import { apiBase, tokenFor } from '../../../../test-support/browser-env.ts';
import { cuttableFetch } from '../../../../test-support/network.ts';
import { TrainingClient } from '../client.ts';
import type { LiveState, LiveStore } from './store.ts';
import { liveStore } from './registry.ts';

function until(store: LiveStore, predicate: (state: LiveState) => boolean, ms = 20_000): Promise<LiveState> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = store.getSnapshot();
      if (!predicate(state)) return;
      stop();
      clearTimeout(timer);
      resolve(state);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out; last state: ${JSON.stringify({ ...store.getSnapshot(), snapshot: undefined })}`));
    }, ms);
    const stop = store.subscribe(check);
    check();
  });
}

describe('live store in the browser', () => {
  it('resumes a dropped stream with Last-Event-ID and loses nothing', async () => {
    const net = cuttableFetch();
    const client = new TrainingClient({ apiBase, tokenProvider: () => tokenFor('fabrikam'), fetch: net.fetch });
    const store = liveStore(client, { backoff: { initial: 50, max: 200 }, linger: 0 });
    const connections: string[] = [];
    const stop = store.subscribe(() => connections.push(store.getSnapshot().connection));
    const events: string[] = [];
    const stopEvents = store.onEvent((e) => events.push(e.type));
    try {
      const first = await until(store, (s) => s.connection === 'live' && s.snapshot !== undefined);
      const snapshot = first.snapshot!;
      const lockedIds = new Set(snapshot.locked.map((l) => l.moduleId));
      const target = snapshot.modules.find((m) => m.progress.status === 'not_started' && !lockedIds.has(m.id));
      expect(target, 'a module fabrikam can start').to.exist;

      net.cutAndHold();
      await until(store, (s) => s.connection === 'reconnecting');
      // Written while no stream is open: only the replay can bring it.
      await client.launchModule(target!.id);
      net.release();

      const after = await until(store, (s) => s.snapshot!.modules.find((m) => m.id === target!.id)!.progress.status === 'in_progress');
      expect(after.snapshot!.cursor).to.be.greaterThan(snapshot.cursor);
      expect(events).to.include('progress.updated');
      expect(net.streamRequests[0]!.get('last-event-id')).to.equal(null);
      expect(net.streamRequests.at(-1)!.get('last-event-id')).to.equal(String(snapshot.cursor));
      expect(connections).to.include('reconnecting');
      await until(store, (s) => s.connection === 'live');
    } finally {
      stop();
      stopEvents();
    }
  });
});
