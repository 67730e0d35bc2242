// One text for one JSON value, whatever order its object members came in (the database's jsonb
// reorders them; clients send them in any order): for comparing values and for digests of them.

export interface CanonicalJsonOptions {
  /** Keys and text in lower case too: for comparisons where case does not count (xAPI). */
  lowerCase?: boolean;
}

const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * JSON with object members in key order (code unit order) and `undefined` members dropped.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 * canonicalJson({ Verb: 'Completed' }, { lowerCase: true }); // '{"verb":"completed"}'
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  const lower = options.lowerCase === true;
  if (typeof value === 'string') return JSON.stringify(lower ? value.toLowerCase() : value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, options)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [lower ? k.toLowerCase() : k, canonicalJson(v, options)] as const)
    .sort(([x], [y]) => compare(x, y));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}
