// The portal's shell: routing, the partner picker, the language and theme switches and the demo
// control. The training widgets come from npm (see ./training.ts) in a chunk of their own, as a
// portal would split a feature; `?widgets=off` leaves them out (the page `npm run bench -- page`
// compares against). `?lang=de` and `?theme=dark|light` are kept in the URL, so a link (or a
// screenshot) shows the page in that language and theme.
import type { SisoTrainingHub, SisoTrainingProgress } from '@siso/training-elements';
import { markOverflow, revealInRow } from './nav-overflow.ts';
import { applyShellText, isLang, messages, type Lang } from './shell-text.ts';

type Theme = '' | 'light' | 'dark';
const isTheme = (value: string | null): value is Theme => value === '' || value === 'light' || value === 'dark';

const params = new URLSearchParams(location.search);
const withWidgets = params.get('widgets') !== 'off';
let partnerId = params.get('partner') ?? 'northwind';
const langParam = params.get('lang');
let lang: Lang = isLang(langParam) ? langParam : 'en';
const themeParam = params.get('theme');
const theme: Theme = isTheme(themeParam) ? themeParam : '';

/** Keeps a setting in the URL (gone when it is the default), without a new history entry. */
function remember(name: string, value: string): void {
  const url = new URL(location.href);
  if (value) url.searchParams.set(name, value);
  else url.searchParams.delete(name);
  history.replaceState(null, '', url);
}

const widgets = [...document.querySelectorAll<SisoTrainingProgress | SisoTrainingHub>('siso-training-progress, siso-training-hub')];
if (!withWidgets) for (const el of widgets) el.remove();
// The elements take both as attributes: set before they upgrade, so their first render has them.
for (const el of widgets) el.setAttribute('locale', lang);
applyTheme(theme);
// Start loading the widgets now; the rest of the shell does not wait for them. In German the
// elements' German strings come first, so the elements never render a German page in English.
const training = withWidgets ? (lang === 'de' ? import('./training-de.ts') : import('./training.ts')) : undefined;

function applyTheme(next: Theme): void {
  if (next) document.documentElement.dataset['theme'] = next;
  else delete document.documentElement.dataset['theme'];
  for (const el of widgets) {
    if (next) el.setAttribute('theme', next);
    else el.removeAttribute('theme');
  }
}

// Routing: one view in the outlet at a time, as a single-page app mounts route components.
// A widget outside the outlet is disconnected, so it holds no connection of its own.
const outlet = document.getElementById('outlet')!;
const nav = document.querySelector<HTMLElement>('.sidebar')!;
const views = new Map([...outlet.querySelectorAll<HTMLElement>('[data-view]')].map((v) => [v.dataset['view']!, v]));
function route(): void {
  const name = location.hash.replace(/^#\/?/, '') || 'dashboard';
  const view = views.get(name) ?? views.get('dashboard')!;
  outlet.replaceChildren(view);
  for (const link of nav.querySelectorAll<HTMLAnchorElement>('a')) {
    if (link.dataset['route'] !== view.dataset['view']) link.removeAttribute('aria-current');
    else {
      link.setAttribute('aria-current', 'page');
      revealInRow(nav, link);
    }
  }
}
// Texts of every view, shown or not, so a view shown later is in the language too.
const textRoots = [document, ...views.values()];
if (lang !== 'en') applyShellText(lang, textRoots);
addEventListener('hashchange', route);
route();
markOverflow(nav, nav.parentElement!);

const toast = document.getElementById('toast')!;
let toastTimer: ReturnType<typeof setTimeout> | undefined;
function say(message: string): void {
  toast.textContent = message;
  toast.classList.add('shown');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.classList.remove('shown'), 5_000);
}

async function showPartner(id: string): Promise<void> {
  partnerId = id;
  (await training)?.showPartner(widgets, id);
}
void showPartner(partnerId);
void training?.then((t) => t.announce(say, () => messages[lang]));

// The picker stands in for the portal's sign-in: who is signed in decides whose token the
// portal backend mints.
const picker = document.getElementById('partner-picker') as HTMLSelectElement;
void fetch('/demo/partners').then(async (res) => {
  if (!res.ok) return;
  const { partners } = (await res.json()) as { partners: { id: string; name: string }[] };
  picker.replaceChildren(...partners.map((p) => new Option(p.name, p.id)));
  picker.value = partnerId;
});
picker.value = partnerId;
picker.addEventListener('change', () => {
  remember('partner', picker.value);
  void showPartner(picker.value);
});

const langPicker = document.getElementById('lang-picker') as HTMLSelectElement;
langPicker.value = lang;
langPicker.addEventListener('change', () => void switchLang(langPicker.value));
async function switchLang(value: string): Promise<void> {
  if (!isLang(value)) return;
  lang = value;
  remember('lang', value === 'en' ? '' : value);
  await (await training)?.loadLocale(value);
  applyShellText(value, textRoots);
  for (const el of widgets) el.setAttribute('locale', value);
}

const themePicker = document.getElementById('theme-picker') as HTMLSelectElement;
themePicker.value = theme;
themePicker.addEventListener('change', () => {
  if (!isTheme(themePicker.value)) return;
  remember('theme', themePicker.value);
  applyTheme(themePicker.value);
});

// Demo only: the demo training system completes this partner's next module right away, through
// the signed ingestion API; the widgets then update live like for any LMS event.
const advance = document.getElementById('advance') as HTMLButtonElement;
async function advanceNow(): Promise<void> {
  advance.disabled = true;
  const m = messages[lang];
  try {
    const res = await fetch(`/demo/partners/${encodeURIComponent(partnerId)}/advance`, { method: 'POST' });
    const body = (await res.json()) as { title?: string; detail?: string };
    say(res.ok ? m.completed(body.title ?? '') : (body.detail ?? m.demoAnswered(res.status)));
  } catch {
    say(m.unreachable);
  } finally {
    advance.disabled = false;
  }
}
advance.addEventListener('click', () => void advanceNow());
