import type { ItemReason, ItemResult } from '@siso/training-core';
import type { Config } from '../config.ts';
import { conflict } from '../errors/problem.ts';
import type { Program } from '../training/program.ts';
import type { Change } from '../training/partner-training.ts';
import { writeTraining, type WriteContext } from '../training/write.ts';
import { sameEvent } from './event-identity.ts';
import { occurrenceIssue } from './occurrence.ts';
import { storedPayloads, storeReceipts } from './receipts.ts';
import { sameStatement } from './statement-identity.ts';

/** One ingested item, mapped: its change, or null when there is nothing to do (stored as ignored). */
export interface IngestItem {
  /** Its idempotency key, canonical (an xAPI statement id in lower case). */
  id: string;
  partnerId: string;
  source: 'events' | 'xapi';
  /** Event type or xAPI verb id. */
  type: string;
  change: Change | null;
  /** When it says it happened, where that is not the change's `at` (a statement stored as ignored). */
  occurredAt?: Date | undefined;
  /** The item as received (the statement, the event): kept with the receipt, and compared when the same id comes again. */
  payload?: unknown;
}

/** An item refused before it reached the database (schema, unknown actor). */
export interface RefusedItem {
  id: string;
  reason: ItemReason;
}

/** What applying a batch needs: the writer's context and the clock-skew allowance. */
export interface IngestContext extends WriteContext {
  config: Pick<Config, 'ingestToleranceSeconds'>;
}

export const reason = (code: string, detail: string): ItemReason => ({ code, detail });

const STATEMENT_CONFLICT = reason(
  'conflict',
  'A different statement with this id was received before (xAPI answers 409 Conflict); send it under a new id.',
);
const EVENT_CONFLICT = reason(
  'conflict',
  'A different event with this id was received before; events do not change: send it under a new id.',
);
const conflictOf = (item: IngestItem) => (item.source === 'xapi' ? STATEMENT_CONFLICT : EVENT_CONFLICT);

// What a change names that must exist in the catalog.
function unknownReference(change: Change, program: Program): ItemReason | null {
  if (change.kind === 'module') {
    return program.catalog.modules.some((m) => m.id === change.moduleId)
      ? null
      : reason('unknown_module', `No module "${change.moduleId}".`);
  }
  return program.catalog.certifications.some((c) => c.id === change.certificationId)
    ? null
    : reason('unknown_certification', `No certification "${change.certificationId}".`);
}

// Same id, same content? A receipt kept without its item (stored before items were kept) cannot tell.
const sameContent = (item: IngestItem, before: unknown): boolean =>
  before === null ||
  before === undefined ||
  (item.source === 'xapi' ? sameStatement(before, item.payload) : sameEvent(before, item.payload));

/**
 * Applies a batch in one transaction: each item at most once, keyed by (source, id) whatever
 * partner it names.
 * A receipt is written with each applied or ignored item, so a retried batch reports
 * `duplicate` for them and changes nothing; refused items leave no trace and may be resent.
 * Refused per item: a time outside the bounds (`occurrenceIssue`), an unknown partner or catalog
 * entry, an id already used by a different statement or event (`conflict`), an item the database
 * will not store (`unstorable`). Results come back in input order. A request of which every item
 * is such a conflict is answered 409, as xAPI answers a statement that conflicts.
 *
 * @example
 * const results = await applyIngest(services, items);
 */
export async function applyIngest(ctx: IngestContext, items: readonly (IngestItem | RefusedItem)[]): Promise<ItemResult[]> {
  const results: ItemResult[] = items.map((item) =>
    'reason' in item ? { id: item.id, status: 'rejected', reason: item.reason } : { id: item.id, status: 'applied' },
  );
  const bounds = { now: ctx.clock.now(), toleranceSeconds: ctx.config.ingestToleranceSeconds };
  const accepted: { item: IngestItem; index: number }[] = [];
  for (const [index, item] of items.entries()) {
    if ('reason' in item) continue;
    const at = item.occurredAt ?? item.change?.at;
    const issue = at && occurrenceIssue(at, bounds);
    if (issue) results[index] = { id: item.id, status: 'rejected', reason: issue };
    else accepted.push({ item, index });
  }
  if (accepted.length === 0) return results;
  await writeTraining(ctx, {
    partnerIds: accepted.map((x) => x.item.partnerId),
    apply: async (sessions, tx, program) => {
      const seen = new Map<string, IngestItem>();
      const fresh: typeof accepted = [];
      for (const x of accepted) {
        const { item, index } = x;
        // Set afresh: a transaction the database asks to retry runs this again.
        results[index] = { id: item.id, status: 'applied' };
        const key = `${item.source}\u0000${item.id}`;
        if (!sessions.has(item.partnerId)) {
          results[index] = { id: item.id, status: 'rejected', reason: reason('unknown_partner', `No partner "${item.partnerId}".`) };
          continue;
        }
        const unknown = item.change && unknownReference(item.change, program);
        if (unknown) {
          results[index] = { id: item.id, status: 'rejected', reason: unknown };
          continue;
        }
        const earlier = seen.get(key);
        if (earlier) {
          results[index] = sameContent(item, earlier.payload)
            ? { id: item.id, status: 'duplicate' }
            : { id: item.id, status: 'rejected', reason: conflictOf(item) };
          continue;
        }
        seen.set(key, item);
        fresh.push(x);
      }
      if (fresh.length === 0) return;
      const { inserted, refused } = await storeReceipts(
        tx,
        fresh.map(({ item }) => ({
          partnerId: item.partnerId,
          source: item.source,
          id: item.id,
          type: item.type,
          applies: item.change !== null,
          payload: item.payload,
        })),
      );
      const again = (source: IngestItem['source']) =>
        fresh.filter(({ item }, i) => !inserted[i] && !refused[i] && item.source === source).map(({ item }) => item.id);
      const before = { xapi: await storedPayloads(tx, 'xapi', again('xapi')), events: await storedPayloads(tx, 'events', again('events')) };
      for (const [i, { item, index }] of fresh.entries()) {
        const refusal = refused[i];
        if (refusal) results[index] = { id: item.id, status: 'rejected', reason: refusal };
        else if (!inserted[i]) {
          results[index] = sameContent(item, before[item.source].get(item.id))
            ? { id: item.id, status: 'duplicate' }
            : { id: item.id, status: 'rejected', reason: conflictOf(item) };
        } else if (!item.change) results[index] = { id: item.id, status: 'ignored' };
        else sessions.get(item.partnerId)!.apply(item.change);
      }
    },
  });
  if (results.every((r) => r.reason === STATEMENT_CONFLICT)) {
    const ids = results.map((r) => r.id).join(', ');
    throw conflict(
      'statement-conflict',
      `A different statement was received before under the id ${ids}: statements do not change; send it under a new id.`,
    );
  }
  return results;
}

/** Counts per status, for the response and /metrics. */
export function tally(results: readonly ItemResult[]) {
  const counts = { applied: 0, duplicate: 0, ignored: 0, rejected: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}
