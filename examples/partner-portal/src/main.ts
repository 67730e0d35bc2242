// The portal's shell: routing, the partner picker and the demo control. The training widgets
// come from npm (see ./training.ts) in a chunk of their own, as a portal would split a feature;
// `?widgets=off` leaves them out (the page `npm run bench -- page` compares against).
import type { SisoTrainingHub, SisoTrainingProgress } from '@siso/training-elements';

const params = new URLSearchParams(location.search);
const withWidgets = params.get('widgets') !== 'off';
let partnerId = params.get('partner') ?? 'northwind';

const widgets = [...document.querySelectorAll<SisoTrainingProgress | SisoTrainingHub>('siso-training-progress, siso-training-hub')];
if (!withWidgets) for (const el of widgets) el.remove();
// Start loading the widgets now; the rest of the shell does not wait for them.
const training = withWidgets ? import('./training.ts') : undefined;

// Routing: one view in the outlet at a time, as a single-page app mounts route components.
// A widget outside the outlet is disconnected, so it holds no connection of its own.
const outlet = document.getElementById('outlet')!;
const views = new Map([...outlet.querySelectorAll<HTMLElement>('[data-view]')].map((v) => [v.dataset['view']!, v]));
function route(): void {
  const name = location.hash.replace(/^#\/?/, '') || 'dashboard';
  const view = views.get(name) ?? views.get('dashboard')!;
  outlet.replaceChildren(view);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.sidebar a')) {
    if (link.dataset['route'] === view.dataset['view']) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}
addEventListener('hashchange', route);
route();

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
void training?.then((t) => t.announce(say));

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
  const url = new URL(location.href);
  url.searchParams.set('partner', picker.value);
  history.replaceState(null, '', url);
  void showPartner(picker.value);
});

// Demo only: the demo training system completes this partner's next module right away, through
// the signed ingestion API; the widgets then update live like for any LMS event.
const advance = document.getElementById('advance') as HTMLButtonElement;
async function advanceNow(): Promise<void> {
  advance.disabled = true;
  try {
    const res = await fetch(`/demo/partners/${encodeURIComponent(partnerId)}/advance`, { method: 'POST' });
    const body = (await res.json()) as { title?: string; detail?: string };
    say(res.ok ? `The training system reported “${body.title}” as completed.` : (body.detail ?? `The demo answered ${res.status}.`));
  } catch {
    say('The demo training system could not be reached.');
  } finally {
    advance.disabled = false;
  }
}
advance.addEventListener('click', () => void advanceNow());
