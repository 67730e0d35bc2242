import type { ItemReason } from '@siso/training-core';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { ingestReceipts } from '../db/schema.ts';
import { isDatabaseUnavailable, isRetryableTransactionError } from '../errors/database.ts';

/** What a receipt records of one item. */
export interface Receipt {
  partnerId: string;
  source: 'events' | 'xapi';
  id: string;
  type: string;
  /** Whether it changes training (`applied`) or is kept without doing anything (`ignored`). */
  applies: boolean;
  payload: unknown;
}

export interface StoredReceipts {
  /** Per item: stored now, so it is new (not stored before under its source and id). */
  inserted: boolean[];
  /** Per item: why the database would not store it (the others are stored). */
  refused: (ItemReason | undefined)[];
}

/**
 * Stores the receipts of a batch (unique by source and id), each at most once. When the database
 * refuses the batch for one item's data, each is stored on its own (one savepoint each) so that
 * only that item is refused. Anything else — the database away, a deadlock — is thrown: the whole
 * transaction is then lost and nothing of the batch was accepted.
 *
 * @example
 * const { inserted, refused } = await storeReceipts(tx, receipts);
 */
export async function storeReceipts(tx: Tx, receipts: readonly Receipt[]): Promise<StoredReceipts> {
  try {
    return { inserted: await tx.transaction((savepoint) => insert(savepoint, receipts)), refused: [] };
  } catch (error) {
    if (!isItemStorageError(error)) throw error;
  }
  const inserted: boolean[] = [];
  const refused: (ItemReason | undefined)[] = [];
  for (const [i, receipt] of receipts.entries()) {
    try {
      inserted[i] = (await tx.transaction((savepoint) => insert(savepoint, [receipt])))[0] ?? false;
    } catch (error) {
      if (!isItemStorageError(error)) throw error;
      inserted[i] = false;
      refused[i] = {
        code: 'unstorable',
        detail: `The database refused to store it${sqlState(error) ? ` (SQLSTATE ${sqlState(error)})` : ''}.`,
      };
    }
  }
  return { inserted, refused };
}

/**
 * The stored payloads of receipts (xAPI statements as received), by id.
 *
 * @example
 * const before = await storedPayloads(tx, 'xapi', ['fd41c918-…']);
 */
export async function storedPayloads(tx: Tx, source: Receipt['source'], ids: readonly string[]): Promise<Map<string, unknown>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: ingestReceipts.itemId, payload: ingestReceipts.payload })
    .from(ingestReceipts)
    .where(and(eq(ingestReceipts.source, source), inArray(ingestReceipts.itemId, [...ids])));
  return new Map(rows.map((r) => [r.id, r.payload]));
}

async function insert(tx: Tx, receipts: readonly Receipt[]): Promise<boolean[]> {
  const rows = await tx
    .insert(ingestReceipts)
    .values(
      receipts.map((r) => ({
        partnerId: r.partnerId,
        source: r.source,
        itemId: r.id,
        status: r.applies ? ('applied' as const) : ('ignored' as const),
        type: r.type,
        payload: r.payload ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ source: ingestReceipts.source, itemId: ingestReceipts.itemId });
  const stored = new Set(rows.map((r) => `${r.source}\u0000${r.itemId}`));
  return receipts.map((r) => stored.has(`${r.source}\u0000${r.id}`));
}

// What one item's data can make the database refuse: a data exception (SQLSTATE class 22), a
// constraint (23), a limit such as an index row too large (54), or a value too large to serialise
// (RangeError). A connection lost or a deadlock is the database's state, not the item's.
function isItemStorageError(error: unknown): boolean {
  if (isDatabaseUnavailable(error) || isRetryableTransactionError(error)) return false;
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (e instanceof RangeError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(?:22|23|54)[0-9A-Z]{3}$/.test(code)) return true;
  }
  return false;
}

function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
