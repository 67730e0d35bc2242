// The training feature of the portal: the elements and the SDK, imported as npm packages.
import '@siso/training-elements/define';
import type { SisoTrainingHub, SisoTrainingProgress } from '@siso/training-elements';
import { TrainingClient, type ProvidedToken } from '@siso/training-sdk';
import type { Lang, Messages } from './shell-text.ts';

/**
 * The portal backend's token route. In a real portal it knows the partner from the session and
 * mints the token with its portal service key (`POST /v1/widget-tokens`); the demo backend takes
 * the picked partner instead.
 */
function portalToken(partnerId: string): (signal?: AbortSignal) => Promise<ProvidedToken> {
  return async (signal) => {
    const res = await fetch(`/demo/portal/widget-token?partnerId=${encodeURIComponent(partnerId)}`, signal ? { signal } : {});
    if (!res.ok) throw new Error(`The portal could not get a training token (${res.status}).`);
    return (await res.json()) as { token: string; expiresAt: string };
  };
}

const clients = new Map<string, TrainingClient>();

/** Points every widget at one client for the partner: one snapshot and one live connection. */
export function showPartner(widgets: readonly (SisoTrainingProgress | SisoTrainingHub)[], partnerId: string): void {
  let client = clients.get(partnerId);
  if (!client) clients.set(partnerId, (client = new TrainingClient({ apiBase: location.origin, tokenProvider: portalToken(partnerId) })));
  for (const widget of widgets) widget.client = client;
}

/**
 * The elements' strings for `lang`, before the page asks for it: English is built in, other
 * languages are a chunk of their own (`@siso/training-elements/locales/*`), loaded when chosen.
 */
export async function loadLocale(lang: Lang): Promise<void> {
  if (lang === 'de') await import('@siso/training-elements/locales/de');
}

/**
 * Tells the partner, in the portal's own toast and language, when live training news arrives.
 * The card and the hub both show the partner, but the page hears each change once (from the
 * first of them on the page), so each event is one toast.
 */
export function announce(say: (message: string) => void, text: () => Messages): void {
  document.addEventListener('siso-tier-changed', (e) => say(text().tierChanged(label(e.detail.from), label(e.detail.to))));
  document.addEventListener('siso-module-completed', (e) => say(text().moduleCompleted(e.detail.module?.title ?? e.detail.moduleId)));
}

const label = (tier: string) => tier.charAt(0).toUpperCase() + tier.slice(1);
