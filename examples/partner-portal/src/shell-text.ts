// The portal shell's own texts, in the languages its switch offers. The training elements bring
// their own (German from `@siso/training-elements/locales/de`); a portal translates the rest.
export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: string | null): value is Lang {
  return (LANGS as readonly (string | null)[]).includes(value);
}

const en = {
  title: 'Partner Portal — SISO Training example',
  brand: 'SISO Partner Portal',
  signedInAs: 'Signed in as',
  demo: 'Demo',
  language: 'Language',
  theme: 'Theme',
  themeSystem: 'System',
  themeLight: 'Light',
  themeDark: 'Dark',
  advance: 'Complete a module now',
  advanceTitle: "The demo training system completes this partner's next module, through the signed ingestion API",
  navLabel: 'Portal',
  dashboard: 'Dashboard',
  deals: 'Deals',
  training: 'Training',
  resources: 'Resources',
  openDeals: 'Open deals',
  openDealsNote: '3 need an update this week',
  pipeline: 'Pipeline',
  pipelineValue: '€1.8M',
  pipelineNote: 'Weighted, this quarter',
  funds: 'Marketing funds',
  fundsValue: '€14,200',
  fundsNote: 'Available until 31 December',
  support: 'Support cases',
  supportNote: '1 waiting for your reply',
  imaginary: 'Part of the imaginary portal; the training lives under Dashboard and Training.',
};
type Key = keyof typeof en;

const de: Record<Key, string> = {
  title: 'Partnerportal — SISO-Training-Beispiel',
  brand: 'SISO-Partnerportal',
  signedInAs: 'Angemeldet als',
  demo: 'Demo',
  language: 'Sprache',
  theme: 'Darstellung',
  themeSystem: 'System',
  themeLight: 'Hell',
  themeDark: 'Dunkel',
  advance: 'Jetzt ein Modul abschließen',
  advanceTitle: 'Das Demo-Schulungssystem schließt das nächste Modul dieses Partners ab, über die signierte Ingestion-API',
  navLabel: 'Portal',
  dashboard: 'Übersicht',
  deals: 'Deals',
  training: 'Schulungen',
  resources: 'Unterlagen',
  openDeals: 'Offene Deals',
  openDealsNote: '3 brauchen diese Woche ein Update',
  pipeline: 'Pipeline',
  pipelineValue: '1,8 Mio. €',
  pipelineNote: 'Gewichtet, dieses Quartal',
  funds: 'Marketingmittel',
  fundsValue: '14.200 €',
  fundsNote: 'Verfügbar bis 31. Dezember',
  support: 'Supportfälle',
  supportNote: '1 wartet auf Ihre Antwort',
  imaginary: 'Teil des erfundenen Portals; die Schulungen finden Sie unter Übersicht und Schulungen.',
};

/** What the shell says itself (toasts), per language. */
export const messages = {
  en: {
    completed: (title: string) => `The training system reported “${title}” as completed.`,
    demoAnswered: (status: number) => `The demo answered ${status}.`,
    unreachable: 'The demo training system could not be reached.',
    tierChanged: (from: string, to: string) => `Your tier changed: ${from} → ${to}.`,
    moduleCompleted: (title: string) => `Module completed: ${title}.`,
  },
  de: {
    completed: (title: string) => `Das Schulungssystem hat „${title}“ als abgeschlossen gemeldet.`,
    demoAnswered: (status: number) => `Die Demo antwortete mit ${status}.`,
    unreachable: 'Das Demo-Schulungssystem ist nicht erreichbar.',
    tierChanged: (from: string, to: string) => `Ihre Stufe hat sich geändert: ${from} → ${to}.`,
    moduleCompleted: (title: string) => `Modul abgeschlossen: ${title}.`,
  },
} satisfies Record<Lang, unknown>;
export type Messages = (typeof messages)[Lang];

const texts: Record<Lang, Record<Key, string>> = { en, de };
const isKey = (key: string | undefined): key is Key => key !== undefined && key in en;

/**
 * Puts the shell in `lang`: the page's `lang`, its title and every element marked `data-text*`
 * under `roots` (the document, and the views the router holds while they are not shown).
 */
export function applyShellText(lang: Lang, roots: readonly ParentNode[]): void {
  const t = texts[lang];
  document.documentElement.lang = lang;
  document.title = t.title;
  for (const root of roots) {
    for (const el of root.querySelectorAll<HTMLElement>('[data-text]')) {
      if (isKey(el.dataset['text'])) el.textContent = t[el.dataset['text']];
    }
    for (const el of root.querySelectorAll<HTMLElement>('[data-text-label]')) {
      if (isKey(el.dataset['textLabel'])) el.setAttribute('aria-label', t[el.dataset['textLabel']]);
    }
    for (const el of root.querySelectorAll<HTMLElement>('[data-text-title]')) {
      if (isKey(el.dataset['textTitle'])) el.title = t[el.dataset['textTitle']];
    }
  }
}
