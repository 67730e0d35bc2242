import { inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { partners } from '../db/schema.ts';

/** What a partner's cached snapshot is keyed by: bumped by every write. */
export interface SnapshotKey {
  revision: number;
  lastSeq: number;
}

interface Waiter {
  resolve: (key: SnapshotKey | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads partners' snapshot keys in batches: requests that arrive while a read is running wait
 * for the next one, which asks for all of them in one query. Every answer comes from a query
 * that started after its request arrived, so a client always sees its own committed writes,
 * whichever node made them, while a busy node sends one query per round trip, not per request.
 *
 * @example
 * const key = await keys.read('northwind');
 */
export class SnapshotKeyReader {
  readonly #db: Db;
  #pending = new Map<string, Waiter[]>();
  #running = false;

  constructor(db: Db) {
    this.#db = db;
  }

  read(partnerId: string): Promise<SnapshotKey | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.#pending.get(partnerId);
      if (waiters) waiters.push({ resolve, reject });
      else this.#pending.set(partnerId, [{ resolve, reject }]);
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (this.#pending.size > 0) {
      const batch = this.#pending;
      this.#pending = new Map();
      try {
        const rows = await this.#db
          .select({ id: partners.id, revision: partners.revision, lastSeq: partners.lastSeq })
          .from(partners)
          .where(inArray(partners.id, [...batch.keys()]));
        const found = new Map(rows.map((r) => [r.id, { revision: r.revision, lastSeq: r.lastSeq }]));
        for (const [id, waiters] of batch) for (const w of waiters) w.resolve(found.get(id));
      } catch (error) {
        for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
      }
    }
    this.#running = false;
  }
}
