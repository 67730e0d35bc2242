import type { Strings } from './en.ts';

// Locale tables live on globalThis under a registered symbol, so a table registered by one copy
// of the elements (or by the locale file next to the script-tag bundle) serves every copy.
// English is not in here: it is the built-in fallback (./strings.ts).
const KEY = Symbol.for('siso.training.locales');
// Made on first use: a module with no top-level effects stays tree-shakable.
export const tables = (): Map<string, Strings> =>
  ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map<string, Strings>()) as Map<string, Strings>;

/** Fired on `globalThis` when a locale is registered, so rendered elements switch to it. */
export const LOCALES_CHANGED = 'siso-locales-changed';

/**
 * Makes `table` the strings for a primary language (`de` serves `de`, `de-AT`, …).
 *
 * @example
 * import { registerLocale } from '@siso/training-elements';
 * registerLocale('fr', frenchStrings);
 */
export function registerLocale(language: string, table: Strings): void {
  tables().set(language.toLowerCase(), table);
  globalThis.dispatchEvent?.(new Event(LOCALES_CHANGED));
}
