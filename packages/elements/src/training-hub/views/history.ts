import { html } from 'lit';
import { section, type HubView } from './view.ts';

/** The history timeline, newest first as the snapshot orders it, each entry with date and time. */
export function history({ s, t, f, say, flash }: HubView) {
  return section(
    'history',
    t.history,
    s.history.length === 0
      ? html`<p class="muted">${t.noHistory}</p>`
      : html`<ol class="timeline">
          ${s.history.map(
            (h) => html`<li part="history-entry" class=${flash(`history:${h.seq}`)}>
              <time datetime=${h.at} class="muted">${f.date(h.at, true)}</time>
              <span>${say(h.type, h.params)}</span>
            </li>`,
          )}
        </ol>`,
  );
}
