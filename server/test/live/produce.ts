// Test-only event producers: what a write route does (append inside a transaction, publish
// after commit), with payloads small enough to count on.
import type { TrainingEvent } from '@siso/training-core';
import type { Db } from '../../src/db/database.ts';
import type { EventBus } from '../../src/events/bus.ts';
import { appendEvents, type NewEvent } from '../../src/events/log.ts';

/** `count` progress events for one partner, the n-th carrying `{ moduleId, n }`. */
export function progressEvents(count: number, moduleId = 'solution-selling'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => ({ type: 'progress.updated', data: { moduleId, n } }) as unknown as NewEvent);
}

export interface CommitOptions {
  db: Db;
  /** Publish after commit like a route does; leave out to behave like another node. */
  bus?: EventBus;
  /** When they are committed; default now. */
  at?: Date;
}

/** Appends `events` in one transaction and (optionally) publishes them after commit. */
export async function commit({ db, bus, at = new Date() }: CommitOptions, partnerId: string, events: NewEvent[]): Promise<TrainingEvent[]> {
  const stored = await db.transaction((tx) => appendEvents(tx, partnerId, events, at));
  bus?.publish(partnerId, stored);
  return stored;
}
