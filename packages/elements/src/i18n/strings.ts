import { en, type Strings } from './en.ts';
import { tables } from './registry.ts';

/**
 * The strings for `locale` with `overrides` on top. `codes`, `badge`, `categories` and the other
 * tables merge key by key, so overriding one code keeps the rest; English fills any gap.
 */
export function stringsFor(locale: string | undefined, overrides: Partial<Strings> = {}): Strings {
  const base = tables().get((locale ?? 'en').toLowerCase().split('-')[0] ?? 'en') ?? en;
  const merged = { ...en, ...base, ...overrides } as Record<string, unknown>;
  for (const key of Object.keys(en) as (keyof Strings)[]) {
    const value = en[key];
    if (typeof value === 'object') merged[key] = { ...value, ...(base[key] as object), ...(overrides[key] as object | undefined) };
  }
  return merged as Strings;
}
