import { describe, expect, it } from 'vitest';
import { tokenSource } from './token.ts';

describe('tokenSource', () => {
  it('shares one fetch between callers, and one caller aborting fails only that caller', async () => {
    const calls: (AbortSignal | undefined)[] = [];
    let resolve = (_token: string) => {};
    const source = tokenSource(
      {
        tokenProvider: (signal) => {
          calls.push(signal);
          return new Promise<string>((r) => (resolve = r));
        },
      },
      fetch,
    );
    const first = new AbortController();
    const firstGet = source.get(first.signal);
    const secondGet = source.get(new AbortController().signal);
    first.abort(new Error('first gave up'));
    await expect(firstGet).rejects.toThrow('first gave up');
    resolve('shared');
    await expect(secondGet).resolves.toBe('shared');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.aborted).toBe(false);
  });

  it('aborts the shared fetch once every caller has given up', async () => {
    const calls: AbortSignal[] = [];
    const source = tokenSource({ tokenProvider: (signal) => (calls.push(signal!), new Promise<string>(() => {})) }, fetch);
    const a = new AbortController();
    const b = new AbortController();
    const gets = [source.get(a.signal), source.get(b.signal)];
    a.abort();
    expect(calls[0]!.aborted).toBe(false);
    b.abort();
    await Promise.allSettled(gets);
    expect(calls[0]!.aborted).toBe(true);
    // The next caller starts a new fetch.
    void source.get().catch(() => {});
    expect(calls).toHaveLength(2);
  });
});
