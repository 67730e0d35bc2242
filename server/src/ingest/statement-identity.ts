// When two xAPI statements with one id are the same statement (xAPI 1.0.3, "Statement
// Immutability and Exceptions" / "Statement Comparison Requirements"; xAPI 2.0 §2.2): differences
// an LRS may itself cause are ignored, every other difference makes them two statements.
import { canonicalJson as canonicalJsonOf } from '../json/canonical-json.ts';

/** Keys and text in lower case: case does not make two statements. */
const canonicalJson = (value: unknown) => canonicalJsonOf(value, { lowerCase: true });

/** Set or changed by an LRS on the way (and `attachments`, which xAPI 2.0 leaves out too). */
const NOT_COMPARED = ['id', 'authority', 'stored', 'timestamp', 'version', 'attachments'] as const;

/**
 * The id of a statement as stored and compared: UUIDs are case-insensitive, so the same id in
 * upper case is the same statement.
 *
 * @example
 * canonicalStatementId('FD41C918-B88B-4B20-A0A5-A4C32391AAA0'); // 'fd41c918-b88b-4b20-a0a5-a4c32391aaa0'
 */
export const canonicalStatementId = (id: string): string => id.toLowerCase();

/**
 * Whether two statements with the same id say the same thing. Ignored: `id`, `authority`,
 * `stored`, `timestamp`, `version`, `attachments`, the verb's `display`, activity definitions
 * (the object's and those of context activities), an `objectType` that is the default (`Activity`,
 * `Agent`), the order of a group's members, the order of object members, and case (xAPI 2.0 lists case among what is not compared; in 1.0.3 the
 * case-insensitive parts are ids, language tags and the like). Everything else counts: actor,
 * verb id, object id, result (score, success, completion, duration…), context.
 *
 * Values nest at most `MAX_JSON_DEPTH` levels (the body checks refuse deeper ones), so the
 * recursion is bounded.
 *
 * @example
 * sameStatement(stored, { ...stored, timestamp: later }); // true
 * sameStatement(stored, { ...stored, result: { success: false } }); // false
 */
export function sameStatement(a: unknown, b: unknown): boolean {
  return comparable(a) === comparable(b);
}

function comparable(statement: unknown): string {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) return canonicalJson(statement);
  const s: Record<string, unknown> = { ...(statement as Record<string, unknown>) };
  for (const key of NOT_COMPARED) delete s[key];
  s.verb = omit(s.verb, 'display');
  s.object = withoutDefault(omit(s.object, 'definition'), 'Activity');
  s.actor = withSortedMembers(withoutDefault(s.actor, 'Agent'));
  s.context = withoutContextDefinitions(s.context);
  return canonicalJson(s);
}

function omit(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { [key]: _, ...rest } = value as Record<string, unknown>;
  return rest;
}

// `objectType` absent means its default: the same statement either way.
function withoutDefault(value: unknown, objectType: string): unknown {
  return (value as { objectType?: unknown } | null | undefined)?.objectType === objectType ? omit(value, 'objectType') : value;
}

function withSortedMembers(actor: unknown): unknown {
  const member = (actor as { member?: unknown } | null | undefined)?.member;
  if (!Array.isArray(member)) return actor;
  const keyed = (member as unknown[]).map((m) => [canonicalJson(m), m] as const).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return { ...(actor as object), member: keyed.map(([, m]) => m) };
}

// `context.contextActivities.{parent,grouping,category,other}`: each an activity or a list.
function withoutContextDefinitions(context: unknown): unknown {
  const activities = (context as { contextActivities?: unknown } | null | undefined)?.contextActivities;
  if (typeof activities !== 'object' || activities === null || Array.isArray(activities)) return context;
  const stripped = Object.fromEntries(
    Object.entries(activities).map(([kind, list]) => [
      kind,
      Array.isArray(list) ? list.map((a) => omit(a, 'definition')) : omit(list, 'definition'),
    ]),
  );
  return { ...(context as object), contextActivities: stripped };
}
