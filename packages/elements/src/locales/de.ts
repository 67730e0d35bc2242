// Side-effect entry: registers German, so `locale="de"` (or a `de` page) shows it. Kept out of
// the main bundle; load it next to it (`dist/locales/de.js`) or import it.
import { de } from '../i18n/de.ts';
import { registerLocale } from '../i18n/registry.ts';

registerLocale('de', de);

export { de };
