// Helpers for the elements' browser tests.
import { waitUntil } from '@open-wc/testing';
import { apiBase } from './browser-env.ts';

/** The first element in `el`'s shadow root with `name` among its parts. */
export const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
export const parts = (el: Element, name: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];

/** Waits until the element shows data (or an error). */
export async function loaded(el: Element, ready = 'percent'): Promise<void> {
  await waitUntil(() => part(el, ready) || part(el, 'error'), 'the element never finished loading', { timeout: 8000 });
}

/** Changes a partner's training as the LMS would (see web-test-runner.config.mjs). */
export async function lms(partner: string, module: string, action: 'progress' | 'complete', percent = 100): Promise<void> {
  await lmsRequest({ partner, module, action, percent: String(percent) });
}

/** Gives a partner a certificate of `certification` that expired yesterday. */
export async function lmsExpiredCertificate(partner: string, certification: string): Promise<void> {
  await lmsRequest({ partner, certification, action: 'earn-expired' });
}

async function lmsRequest(params: Record<string, string>): Promise<void> {
  const res = await fetch(`/__siso/lms?${new URLSearchParams(params)}`);
  if (!res.ok) throw new Error(`lms: HTTP ${res.status}`);
  const body = (await res.json()) as { rejected?: number };
  if (body.rejected) throw new Error(`lms: the API rejected the event: ${JSON.stringify(body)}`);
}

export { apiBase };
