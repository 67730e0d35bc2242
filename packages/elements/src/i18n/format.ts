import type { TrainingSnapshot } from '@siso/training-sdk';
import type { Names, Params, Strings } from './en.ts';

/**
 * `Intl` formatting for one locale, with the formatters cached (they are costly to build and an
 * element formats dozens of values per render).
 */
export class Format {
  readonly #locale: string | undefined;
  readonly #cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

  constructor(locale: string | undefined) {
    this.#locale = locale;
  }

  #get<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(key: string, make: () => T): T {
    let f = this.#cache.get(key) as T | undefined;
    if (!f) this.#cache.set(key, (f = make()));
    return f;
  }

  number(n: number, maximumFractionDigits = 1): string {
    return this.#get(`n${maximumFractionDigits}`, () => new Intl.NumberFormat(this.#locale, { maximumFractionDigits })).format(n);
  }

  /** `value` in 0..100. */
  percent(value: number, maximumFractionDigits = 0): string {
    return this.#get(
      `p${maximumFractionDigits}`,
      () => new Intl.NumberFormat(this.#locale, { style: 'percent', maximumFractionDigits }),
    ).format(value / 100);
  }

  /** Percentage points with a sign: `+3`, `−0.5`. */
  signed(points: number): string {
    return this.#get('s', () => new Intl.NumberFormat(this.#locale, { maximumFractionDigits: 2, signDisplay: 'exceptZero' })).format(
      points,
    );
  }

  money(value: number, currency: string): string {
    return this.#get(`c${currency}`, () => {
      try {
        return new Intl.NumberFormat(this.#locale, { style: 'currency', currency, maximumFractionDigits: 0 });
      } catch {
        // Not an ISO 4217 code (e.g. `currency="euro"`): the amount alone beats a blank element.
        return new Intl.NumberFormat(this.#locale, { maximumFractionDigits: 0 });
      }
    }).format(value);
  }

  /** Hours and minutes, in the locale's unit words: `9 hr 15 min`. */
  duration(seconds: number): string {
    const unit = (u: 'hour' | 'minute') =>
      this.#get(u, () => new Intl.NumberFormat(this.#locale, { style: 'unit', unit: u, unitDisplay: 'short' }));
    const minutes = Math.round(seconds / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return unit('minute').format(m);
    return m === 0 ? unit('hour').format(h) : `${unit('hour').format(h)} ${unit('minute').format(m)}`;
  }

  /** The date, and with `time` the time of day too, in the locale's order. */
  date(iso: string, time = false): string {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return this.#get(
      time ? 't' : 'd',
      () => new Intl.DateTimeFormat(this.#locale, { dateStyle: 'medium', ...(time ? { timeStyle: 'short' } : {}) }),
    ).format(d);
  }

  list(items: string[]): string {
    return this.#get('l', () => new Intl.ListFormat(this.#locale, { type: 'conjunction' })).format(items);
  }
}

/**
 * `locale` as `Intl` accepts it, or `undefined` (the browser's default) when it is no BCP 47 tag
 * at all: an invalid `locale` attribute or page `lang` must not make every `Intl` call throw.
 * The common `en_US` spelling is read as `en-US`.
 */
export function canonicalLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale.replaceAll('_', '-'))[0];
  } catch {
    return undefined;
  }
}

const formats = new Map<string | undefined, Format>();

/** The shared `Format` for a locale. */
export function formatFor(locale: string | undefined): Format {
  let f = formats.get(locale);
  if (!f) formats.set(locale, (f = new Format(locale)));
  return f;
}

/** A parameter as text: a string or number as it is, anything else (missing, an object) as nothing. */
const shown = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Turns ids in reason parameters into display names, from the snapshot at hand. */
export function namesFor(snapshot: TrainingSnapshot, t: Strings, f: Format): Names {
  const byId = <T extends { id: string }>(items: T[], label: (x: T) => string) => {
    const map = new Map(items.map((x) => [x.id, label(x)]));
    return (id: unknown) => map.get(String(id)) ?? shown(id);
  };
  return {
    tier: byId(snapshot.evaluation.tiers, (x) => x.name),
    bonus: (id) => t.lineBonus[String(id)] ?? t.lineBonusOther(String(id)),
    module: byId(snapshot.modules, (x) => x.title),
    certification: byId(snapshot.certifications, (x) => x.name),
    category: (id) => t.categories[String(id)] ?? String(id),
    number: (n) => (typeof n === 'number' ? f.number(n, 2) : shown(n)),
    date: (iso) => f.date(String(iso)),
    list: (ids, name) => f.list((Array.isArray(ids) ? ids : [ids]).map(name)),
  };
}

/** The translated text of a reason, requirement or history code. */
export function describe(t: Strings, names: Names, code: string, params: Params): string {
  const text = t.codes[code];
  return text ? text(params, names) : t.unknownCode(code);
}
