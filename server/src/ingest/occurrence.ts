import { OCCURRENCE_EPOCH, type ItemReason } from '@siso/training-core';

const EPOCH_MS = Date.parse(OCCURRENCE_EPOCH);

export interface OccurrenceBounds {
  /** The server clock's time. */
  now: Date;
  /** How far ahead of `now` a sender's clock may be: the ingestion signature's tolerance. */
  toleranceSeconds: number;
}

/**
 * Why the time an item says it happened cannot be believed, or null: later than the server's
 * clock plus the tolerance (`occurred_in_future`), or before `OCCURRENCE_EPOCH`
 * (`occurred_before_epoch`). A completion "from 2099" would otherwise count now and forever.
 *
 * @example
 * occurrenceIssue(new Date('2099-01-01T00:00:00Z'), { now, toleranceSeconds: 300 }); // { code: 'occurred_in_future', … }
 */
export function occurrenceIssue(at: Date, { now, toleranceSeconds }: OccurrenceBounds): ItemReason | null {
  const latest = now.getTime() + toleranceSeconds * 1000;
  if (at.getTime() > latest) {
    return {
      code: 'occurred_in_future',
      detail: `It happened at ${at.toISOString()}, later than this server's clock (${now.toISOString()}) plus ${toleranceSeconds} s.`,
    };
  }
  if (at.getTime() < EPOCH_MS) {
    return {
      code: 'occurred_before_epoch',
      detail: `It happened at ${at.toISOString()}, before ${OCCURRENCE_EPOCH}, the earliest time accepted.`,
    };
  }
  return null;
}
