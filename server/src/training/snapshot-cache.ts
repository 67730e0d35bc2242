import type { Db } from '../db/database.ts';
import { programStore } from './program.ts';
import { SnapshotKeyReader } from './snapshot-keys.ts';
import { loadSnapshot } from './snapshot.ts';
import type { Clock } from '../time/clock.ts';

export interface SnapshotCacheOptions {
  db: Db;
  clock: Clock;
  /** Snapshots kept (least recently built dropped first). */
  maxEntries?: number;
  /** Longest a snapshot is served, by the clock: statuses such as `expiring` move with time alone. */
  maxAgeMs?: number;
}

interface Entry {
  key: string;
  builtAt: number;
  json: string;
}

/**
 * Serialised snapshots, keyed by what they are built from: the partner's revision and last seq
 * (every write bumps one of them) and the program revision. A hit costs a share of one batched
 * read of keys; a miss builds the snapshot with `loadSnapshot`. Correct across nodes, since the
 * key is read from the shared database for every request.
 *
 * @example
 * const json = await cache.json('northwind', 'https://training.example.com');
 */
export class SnapshotCache {
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #entries = new Map<string, Entry>();
  readonly #keys: SnapshotKeyReader;

  constructor({ db, clock, maxEntries = 10_000, maxAgeMs = 30_000 }: SnapshotCacheOptions) {
    this.#db = db;
    this.#clock = clock;
    this.#maxEntries = maxEntries;
    this.#maxAgeMs = maxAgeMs;
    this.#keys = new SnapshotKeyReader(db);
  }

  /** The snapshot as JSON text, or null for an unknown partner. */
  async json(partnerId: string, publicUrl: string): Promise<string | null> {
    const [row, program] = await Promise.all([this.#keys.read(partnerId), programStore(this.#db).current()]);
    if (!row) return null;
    const key = `${row.revision}:${row.lastSeq}:${program.revision}:${publicUrl}`;
    const hit = this.#entries.get(partnerId);
    const now = this.#clock.now();
    const age = now.getTime() - (hit?.builtAt ?? 0);
    if (hit && hit.key === key && age >= 0 && age < this.#maxAgeMs) return hit.json;
    // Built from reads made after the key was read, so it is never older than its key.
    const snapshot = await loadSnapshot(this.#db, partnerId, { publicUrl, now, policy: program.policy, catalog: program.catalog });
    if (!snapshot) return null;
    const json = JSON.stringify(snapshot);
    this.#entries.delete(partnerId);
    if (this.#entries.size >= this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(partnerId, { key, builtAt: now.getTime(), json });
    return json;
  }
}
