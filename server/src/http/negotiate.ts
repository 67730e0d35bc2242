/** One entry of an `Accept` or `Accept-Language` header. */
interface Preference {
  value: string;
  q: number;
}

/** The entries of a header like `de-CH, de;q=0.9, *;q=0.1`, lower-cased; a malformed `q` counts as 0. */
function preferences(header: string | undefined): Preference[] {
  if (!header) return [];
  return header.split(',').flatMap((part): Preference[] => {
    const [value = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (value === '') return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(qParam.slice(2)) ? Number(qParam.slice(2)) : 0;
    return [{ value, q }];
  });
}

/**
 * The best of `offered` for the header (RFC 9110 §12.5), by its quality; `matches` says whether
 * a range names an offer, `specificity` how closely (a closer range decides that offer's quality).
 * Ties go to the earlier offer; `undefined` when nothing offered is acceptable.
 */
function best<T extends string>(
  header: string | undefined,
  offered: readonly T[],
  specificity: (range: string, offer: T) => number,
): T | undefined {
  const prefs = preferences(header);
  let chosen: T | undefined;
  let chosenQ = 0;
  for (const offer of offered) {
    let q = -1;
    let closest = -1;
    for (const p of prefs) {
      const s = specificity(p.value, offer);
      if (s > closest) [closest, q] = [s, p.q];
    }
    if (closest >= 0 && q > chosenQ) [chosen, chosenQ] = [offer, q];
  }
  return chosen;
}

/**
 * The page language for an `Accept-Language` header: the supported language of highest quality
 * (`de-AT` asks for `de`; `*` for any), else the first supported (the default).
 *
 * @example
 * pickLanguage('en;q=0.5, de-DE', ['en', 'de']); // 'de'
 */
export function pickLanguage<T extends string>(header: string | undefined, supported: readonly [T, ...T[]]): T {
  const chosen = best(header, supported, (range, lang) =>
    range === lang ? 3 : range.startsWith(`${lang}-`) ? 2 : lang.startsWith(`${range}-`) ? 1 : range === '*' ? 0 : -1,
  );
  return chosen ?? supported[0];
}

/**
 * The media type for an `Accept` header among `offered` (`type/subtype`), by quality; a missing
 * header accepts anything, so the first offer.
 *
 * @example
 * pickMediaType('text/html,application/xhtml+xml;q=0.9,*\/*;q=0.8', ['application/json', 'text/html']); // 'text/html'
 */
export function pickMediaType<T extends string>(header: string | undefined, offered: readonly [T, ...T[]]): T | undefined {
  if (!header?.trim()) return offered[0];
  return best(header, offered, (range, type) => (range === type ? 2 : range === `${type.split('/')[0]}/*` ? 1 : range === '*/*' ? 0 : -1));
}
