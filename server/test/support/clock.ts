import type { Clock } from '../../src/time/clock.ts';

/**
 * A clock a test moves: time stands still until `advance` or `set`, so expiry, warnings and
 * grace periods are reached by moving the clock, never by waiting.
 *
 * @example
 * const clock = new ManualClock(new Date('2026-06-01T00:00:00Z'));
 * const server = await startTestServer({}, { clock });
 * clock.advance({ days: 31 });
 * await server.sweep();
 */
export class ManualClock implements Clock {
  #ms: number;

  constructor(start: Date = new Date()) {
    this.#ms = start.getTime();
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(at: Date): void {
    this.#ms = at.getTime();
  }

  advance({ days = 0, seconds = 0, ms = 0 }: { days?: number; seconds?: number; ms?: number }): Date {
    this.#ms += days * 86_400_000 + seconds * 1000 + ms;
    return this.now();
  }
}
