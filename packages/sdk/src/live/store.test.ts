import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingClient } from '../client.ts';
import { FIRST_MODULE, progressData, snapshotAt } from '../testing/fixtures.ts';
import { startSseServer, type SseServer } from '../testing/sse-server.ts';
import { liveStore } from './registry.ts';

let server: SseServer | undefined;
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await server?.close();
});

/** An unsigned JWT-shaped token: the SDK reads `sub` and `exp`, only the server verifies. */
const tokenFor = (sub: string, salt: string) =>
  `e30.${btoa(JSON.stringify({ sub, exp: Math.floor(Date.now() / 1000) + 600, salt })).replace(/=+$/, '')}.sig`;

describe('liveStore', () => {
  it('shares one connection and one state per apiBase and partner, and applies events', async () => {
    server = await startSseServer((c) => {
      c.open();
      c.send('snapshot', snapshotAt(3), 3);
      setTimeout(() => c.send('module.completed', progressData(100), 4), 30);
    });
    const a = liveStore(new TrainingClient({ apiBase: server.url, token: tokenFor('acme', 'a') }), { linger: 0 });
    const b = liveStore(new TrainingClient({ apiBase: server.url, token: tokenFor('acme', 'b') }), { linger: 0 });
    const events: string[] = [];
    stops.push(a.subscribe(() => {}), b.subscribe(() => {}), a.onEvent((e) => events.push(`a:${e.seq}`)), b.onEvent((e) => events.push(`b:${e.seq}`)));

    await vi.waitFor(() => expect(a.getSnapshot().snapshot?.cursor).toBe(4));
    expect(server.connections).toHaveLength(1);
    expect(b.getSnapshot()).toBe(a.getSnapshot());
    const { snapshot, connection, lastEvent, error } = a.getSnapshot();
    expect(connection).toBe('live');
    expect(error).toBeUndefined();
    expect(lastEvent?.type).toBe('module.completed');
    expect(snapshot!.modules.find((m) => m.id === FIRST_MODULE)!.progress.percent).toBe(100);
    expect(snapshot!.history[0]).toMatchObject({ seq: 4, type: 'module.completed', params: { moduleId: FIRST_MODULE } });
    expect(events.sort()).toEqual(['a:4', 'b:4']);
  });

  it('returns one store per client, keeps getSnapshot stable between changes, and resumes after its last listener left', async () => {
    server = await startSseServer((c, i) => {
      c.open();
      if (i === 0) c.send('snapshot', snapshotAt(9), 9);
    });
    const client = new TrainingClient({ apiBase: server.url, token: tokenFor('globex', 'c') });
    const store = liveStore(client, { linger: 10 });
    expect(liveStore(client)).toBe(store);
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    await vi.waitFor(() => expect(store.getSnapshot().connection).toBe('live'));
    const seenCalls = calls;
    expect(store.getSnapshot()).toBe(store.getSnapshot());
    stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toBe(seenCalls);
    stops.push(store.subscribe(() => {}));
    await vi.waitFor(() => expect(server!.connections).toHaveLength(2));
    expect(server.connections[1]!.headers['last-event-id']).toBe('9');
  });
});
