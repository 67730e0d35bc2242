import type { Db } from '../db/database.ts';
import type { Clock } from '../time/clock.ts';
import { findServiceKey, hashServiceKey, isWellFormedServiceKey, type VerifiedServiceKey } from './service-keys.ts';

export interface ServiceKeyLookupOptions {
  db: Db;
  clock: Clock;
  /** Unknown keys remembered at most. */
  maxUnknown?: number;
  /** How long an unknown key is answered from memory: a key created meanwhile works after this. */
  unknownTtlSeconds?: number;
}

/**
 * Finds live service keys, remembering for a while the well-formed keys that matched none, so a
 * client repeating a wrong key costs no database query after the first.
 */
export class ServiceKeyLookup {
  /** Database queries made, for /metrics. */
  queries = 0;
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #maxUnknown: number;
  readonly #ttlMs: number;
  /** Hash of an unknown key → until when it is known to be unknown (ms). */
  readonly #unknown = new Map<string, number>();

  constructor({ db, clock, maxUnknown = 10_000, unknownTtlSeconds = 60 }: ServiceKeyLookupOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#maxUnknown = maxUnknown;
    this.#ttlMs = unknownTtlSeconds * 1000;
  }

  /** The live key a bearer string names, or null; malformed strings never reach the database. */
  async find(key: string): Promise<VerifiedServiceKey | null> {
    if (!isWellFormedServiceKey(key)) return null;
    const hash = hashServiceKey(key);
    const now = this.#clock.now().getTime();
    const until = this.#unknown.get(hash);
    if (until !== undefined && until > now) return null;
    this.#unknown.delete(hash);
    this.queries += 1;
    const found = await findServiceKey(this.#db, key);
    if (found) return found;
    // Oldest first out: a Map iterates in insertion order.
    if (this.#unknown.size >= this.#maxUnknown) this.#unknown.delete(this.#unknown.keys().next().value!);
    this.#unknown.set(hash, now + this.#ttlMs);
    return null;
  }
}
