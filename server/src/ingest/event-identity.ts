// When two ingested events with one id are the same event: the same members with the same
// values, in any order (they come back from the database's jsonb with their keys reordered).
// Unlike statements, nothing is left out and case counts: the event is the sender's own record.
import { canonicalJson } from '../json/canonical-json.ts';

/**
 * @example
 * sameEvent({ id: 'e1', percent: 30 }, { percent: 30, id: 'e1' }); // true
 * sameEvent({ id: 'e1', percent: 30 }, { id: 'e1', percent: 60 }); // false
 */
export const sameEvent = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
