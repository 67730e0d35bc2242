import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingClient } from '../client.ts';
import { FIRST_MODULE, progressData, snapshotAt } from '../testing/fixtures.ts';
import { recordingFetch, waitUntil } from '../testing/recording-fetch.ts';
import { startSseServer, type SseServer } from '../testing/sse-server.ts';
import { liveStore } from './registry.ts';

let server: SseServer | undefined;
const stops: (() => void)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  vi.useRealTimers();
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
      c.send('module.completed', progressData(100), 4);
    });
    const a = liveStore(new TrainingClient({ apiBase: server.url, token: tokenFor('acme', 'a') }), { linger: 0 });
    const b = liveStore(new TrainingClient({ apiBase: server.url, token: tokenFor('acme', 'b') }), { linger: 0 });
    const events: string[] = [];
    stops.push(
      a.subscribe(() => {}),
      b.subscribe(() => {}),
      a.onEvent((e) => events.push(`a:${e.seq}`)),
      b.onEvent((e) => events.push(`b:${e.seq}`)),
    );

    await waitUntil(() => a.getSnapshot().snapshot?.cursor === 4);
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
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server = await startSseServer((c, i) => {
      c.open();
      if (i === 0) c.send('snapshot', snapshotAt(9), 9);
    });
    const client = new TrainingClient({ apiBase: server.url, token: tokenFor('globex', 'c') });
    const store = liveStore(client, { linger: 10 });
    expect(liveStore(client)).toBe(store);
    let calls = 0;
    const stop = store.subscribe(() => (calls += 1));
    await waitUntil(() => store.getSnapshot().connection === 'live');
    const seenCalls = calls;
    expect(store.getSnapshot()).toBe(store.getSnapshot());
    stop();
    // The stream lingers 10 ms after its last listener, then closes.
    vi.advanceTimersByTime(10);
    await server.connections[0]!.closed;
    stops.push(store.subscribe(() => {}));
    await waitUntil(() => server!.connections.length === 2);
    expect(server.connections[1]!.headers['last-event-id']).toBe('9');
    await waitUntil(() => store.getSnapshot().connection === 'live');
    // What the store did meanwhile (going offline, coming back) never reached the listener that left.
    expect(calls).toBe(seenCalls);
  });

  it('hands the partner to a store with a new token once the old one has no listeners', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server = await startSseServer((c) => {
      c.open();
      c.send('snapshot', snapshotAt(5), 5);
    });
    const oldToken = tokenFor('initech', 'old');
    const newToken = tokenFor('initech', 'new');
    const net = recordingFetch();
    const before = liveStore(new TrainingClient({ apiBase: server.url, token: oldToken, fetch: net.fetch }), { linger: 0 });
    const stopBefore = before.subscribe(() => {});
    await waitUntil(() => before.getSnapshot().connection === 'live');
    // The element's token changed: it leaves the old client's store for the new one's.
    stopBefore();
    const after = liveStore(new TrainingClient({ apiBase: server.url, token: newToken, fetch: net.fetch }), { linger: 0 });
    stops.push(after.subscribe(() => {}));
    vi.advanceTimersByTime(0);
    await waitUntil(() => after.getSnapshot().connection === 'live');
    await server.connections[0]!.closed;
    expect(server.connections.map((c) => c.headers.authorization)).toEqual([`Bearer ${oldToken}`, `Bearer ${newToken}`]);
    // Past any backoff (below the 45 s heartbeat timeout): an old store still trying would have called fetch.
    await vi.advanceTimersByTimeAsync(30_000);
    await waitUntil(() => true);
    expect(net.calls).toHaveLength(2);
  });

  it('serves a mirror itself when the store it mirrors is refused for good', async () => {
    const oldToken = tokenFor('umbrella', 'old');
    const newToken = tokenFor('umbrella', 'new');
    server = await startSseServer((c, i) => {
      if (i > 0 && c.headers.authorization === `Bearer ${oldToken}`) return c.refuse(401);
      c.open();
      if (i === 0) c.send('snapshot', snapshotAt(7), 7);
    });
    const old = liveStore(new TrainingClient({ apiBase: server.url, token: oldToken }), { linger: 0, backoff: { initial: 10 } });
    const fresh = liveStore(new TrainingClient({ apiBase: server.url, token: newToken }), { linger: 0 });
    stops.push(old.subscribe(() => {}));
    await waitUntil(() => old.getSnapshot().connection === 'live');
    stops.push(fresh.subscribe(() => {}));
    await waitUntil(() => fresh.getSnapshot() === old.getSnapshot());
    // The old token expires: the stream drops and the API refuses it from now on.
    server.connections[0]!.drop();

    await waitUntil(() => server!.connections.length === 3);
    expect(server.connections[2]!.headers.authorization).toBe(`Bearer ${newToken}`);
    expect(server.connections[2]!.headers['last-event-id']).toBe('7');
    await waitUntil(() => fresh.getSnapshot().connection === 'live');
    expect(fresh.getSnapshot().snapshot?.cursor).toBe(7);
    expect(old.getSnapshot().connection).toBe('offline');
  });
});
