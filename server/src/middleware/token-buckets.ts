import type { Clock } from '../time/clock.ts';

export interface TokenBucketOptions {
  /** Sustained takes per second per key. */
  perSecond: number;
  /** Bucket size: how many may come at once. */
  burst: number;
  /** Buckets kept before idle (full) ones are dropped. */
  maxBuckets?: number;
  clock: Clock;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** One token bucket per key, bounded in number, on the server's clock. */
export class TokenBuckets {
  readonly perSecond: number;
  readonly burst: number;
  readonly #maxBuckets: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor({ perSecond, burst, maxBuckets = 100_000, clock }: TokenBucketOptions) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.#maxBuckets = maxBuckets;
    this.#clock = clock;
  }

  /** Seconds to wait before `key` may take again; 0 when it may now (without taking). */
  waitFor(key: string): number {
    const bucket = this.#refilled(key, false);
    return !bucket || bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Takes one token; false (and nothing taken) when the bucket is empty. */
  take(key: string): boolean {
    const bucket = this.#refilled(key, true)!;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  #refilled(key: string, create: boolean): Bucket | undefined {
    const now = this.#clock.now().getTime();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (!create) return undefined;
      if (this.#buckets.size >= this.#maxBuckets) this.#evict(now);
      this.#buckets.set(key, (bucket = { tokens: this.burst, at: now }));
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  #evict(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.#buckets.delete(key);
    }
    // Everyone is busy: drop the oldest half rather than grow without bound.
    if (this.#buckets.size >= this.#maxBuckets) {
      let drop = Math.floor(this.#buckets.size / 2);
      for (const key of this.#buckets.keys()) {
        if (drop-- <= 0) break;
        this.#buckets.delete(key);
      }
    }
  }
}
