import type { ItemReason, ItemResult } from '@siso/training-core';
import { ingestReceipts } from '../db/schema.ts';
import type { Program } from '../training/program.ts';
import type { Change } from '../training/session.ts';
import { writeTraining, type WriteContext } from '../training/write.ts';

/** One ingested item, mapped: its change, or null when there is nothing to do (stored as ignored). */
export interface IngestItem {
  id: string;
  partnerId: string;
  source: 'events' | 'xapi';
  /** Event type or xAPI verb id. */
  type: string;
  change: Change | null;
  /** Kept with the receipt (xAPI statements). */
  payload?: unknown;
}

/** An item refused before it reached the database (schema, unknown actor). */
export interface RefusedItem {
  id: string;
  reason: ItemReason;
}

export const reason = (code: string, detail: string): ItemReason => ({ code, detail });

// What a change names that must exist in the catalog.
function unknownReference(change: Change, program: Program): ItemReason | null {
  if (change.kind === 'module') {
    return program.catalog.modules.some((m) => m.id === change.moduleId) ? null : reason('unknown_module', `No module "${change.moduleId}".`);
  }
  return program.catalog.certifications.some((c) => c.id === change.certificationId)
    ? null
    : reason('unknown_certification', `No certification "${change.certificationId}".`);
}

/**
 * Applies a batch in one transaction: each item at most once, keyed by (source, id) whatever
 * partner it names.
 * A receipt is written with each applied or ignored item, so a retried batch reports
 * `duplicate` for them and changes nothing; refused items leave no trace and may be resent.
 * Results come back in input order.
 *
 * @example
 * const results = await applyIngest(ctx, items, refused);
 */
export async function applyIngest(ctx: WriteContext, items: readonly (IngestItem | RefusedItem)[]): Promise<ItemResult[]> {
  const results: ItemResult[] = items.map((item) => ('reason' in item ? { id: item.id, status: 'rejected', reason: item.reason } : { id: item.id, status: 'applied' }));
  const accepted = items.map((item, index) => ({ item, index })).filter((x): x is { item: IngestItem; index: number } => !('reason' in x.item));
  if (accepted.length === 0) return results;
  await writeTraining(ctx, {
    partnerIds: accepted.map((x) => x.item.partnerId),
    apply: async (sessions, tx, program) => {
      const seen = new Set<string>();
      const fresh: typeof accepted = [];
      for (const x of accepted) {
        const { item, index } = x;
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
        if (seen.has(key)) {
          results[index] = { id: item.id, status: 'duplicate' };
          continue;
        }
        seen.add(key);
        fresh.push(x);
      }
      if (fresh.length === 0) return;
      const inserted = await tx
        .insert(ingestReceipts)
        .values(
          fresh.map(({ item }) => ({
            partnerId: item.partnerId,
            source: item.source,
            itemId: item.id,
            status: item.change ? ('applied' as const) : ('ignored' as const),
            type: item.type,
            payload: item.payload ?? null,
          })),
        )
        .onConflictDoNothing()
        .returning({ partnerId: ingestReceipts.partnerId, source: ingestReceipts.source, itemId: ingestReceipts.itemId });
      const firstTime = new Set(inserted.map((r) => `${r.partnerId}\u0000${r.source}\u0000${r.itemId}`));
      for (const { item, index } of fresh) {
        if (!firstTime.has(`${item.partnerId}\u0000${item.source}\u0000${item.id}`)) {
          results[index] = { id: item.id, status: 'duplicate' };
        } else if (!item.change) {
          results[index] = { id: item.id, status: 'ignored' };
        } else {
          sessions.get(item.partnerId)!.apply(item.change);
        }
      }
    },
  });
  return results;
}

/** Counts per status, for the response and /metrics. */
export function tally(results: readonly ItemResult[]) {
  const counts = { applied: 0, duplicate: 0, ignored: 0, rejected: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

