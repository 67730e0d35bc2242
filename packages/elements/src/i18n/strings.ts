import { en, type Strings } from './en.ts';
import { tables } from './registry.ts';

/** What an element speaks: its strings, and the locale its numbers and dates are formatted in. */
export interface Language {
  t: Strings;
  /** `locale` when there are strings for its language, else `en`: text and formats never mix. */
  locale: string | undefined;
}

/**
 * The strings for `locale` with `overrides` on top. `codes`, `badge`, `categories` and the other
 * tables merge key by key, so overriding one code keeps the rest; English fills any gap.
 *
 * A language without registered strings falls back to English for numbers and dates as well
 * ("Time spent 13 hr 46 min", not "13 Std. 46 Min."), and the console says so once per language
 * and page — unless `overrides` is a whole table, which then is that language's.
 */
export function languageFor(locale: string | undefined, overrides: Partial<Strings> = {}): Language {
  const language = (locale ?? 'en').toLowerCase().split('-')[0] ?? 'en';
  const table = tables().get(language);
  const spoken = table !== undefined || language === 'en' || Object.keys(en).every((key) => key in overrides);
  if (!spoken) warnMissing(language);
  const base = table ?? en;
  const merged = { ...en, ...base, ...overrides } as Record<string, unknown>;
  for (const key of Object.keys(en) as (keyof Strings)[]) {
    const value = en[key];
    if (typeof value === 'object') merged[key] = { ...value, ...(base[key] as object), ...(overrides[key] as object | undefined) };
  }
  return { t: merged as Strings, locale: spoken ? locale : 'en' };
}

// Languages already warned about, page-wide like the tables (two copies of the bundle warn once).
const WARNED = Symbol.for('siso.training.locales.warned');

function warnMissing(language: string): void {
  const warned = ((globalThis as Record<symbol, unknown>)[WARNED] ??= new Set<string>()) as Set<string>;
  if (warned.has(language)) return;
  warned.add(language);
  // A locale file placed after the bundle may not have run yet: it is missing only if it is still
  // missing once the page has loaded.
  const check = () => {
    if (!tables().has(language))
      console.warn(
        `siso-training: no strings for "${language}": text, numbers and dates are in English. Load siso-training.${language}.js (locales/${language}) or call registerLocale().`,
      );
  };
  if (document.readyState === 'complete') queueMicrotask(check);
  else addEventListener('load', check, { once: true });
}
