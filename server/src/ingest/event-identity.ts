// When two ingested events with one id are the same event: the same members with the same
// values, in any order (they come back from the database's jsonb with their keys reordered).
// Unlike statements, nothing is left out and case counts: the event is the sender's own record.

/**
 * @example
 * sameEvent({ id: 'e1', percent: 30 }, { percent: 30, id: 'e1' }); // true
 * sameEvent({ id: 'e1', percent: 30 }, { id: 'e1', percent: 60 }); // false
 */
export function sameEvent(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

// Bodies nest at most `MAX_JSON_DEPTH` levels (the body checks refuse deeper ones).
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
  );
}
