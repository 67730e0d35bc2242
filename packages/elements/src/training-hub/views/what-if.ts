import { TaskStatus } from '@lit/task';
import { isApiError, type Simulation } from '@siso/training-sdk';
import { html, nothing } from 'lit';
import { keyedMap } from '../../internal/keyed-map.ts';
import type { WhatIf } from '../controllers/what-if.ts';
import { section, type HubView } from './view.ts';

/** The what-if calculator: the open modules to pick, and what completing the picks would change. */
export function whatIfPanel(v: HubView, w: WhatIf) {
  const { s, t } = v;
  const open = s.modules.filter((m) => m.progress.status !== 'completed');
  const result =
    w.picked.size === 0
      ? html`<span class="muted">${t.whatIfNone}</span>`
      : w.task.render({
          complete: (simulation) => (simulation ? outcome(v, simulation) : nothing),
          // An older server without simulate answers 404 or 405.
          error: (error) =>
            html`<span>${isApiError(error) && (error.status === 404 || error.status === 405) ? t.whatIfUnavailable : t.actionError}</span>`,
        });
  return section(
    'what-if',
    t.whatIf,
    html`<p class="muted">${t.whatIfHint}</p>
      <fieldset part="what-if-options">
        <legend class="sr-only">${t.whatIfModules}</legend>
        ${keyedMap(
          open,
          (m) => m.id,
          (m) => html`<label class="check">
            <input type="checkbox" .checked=${w.picked.has(m.id)} @change=${(e: Event) => w.pick(m.id, (e.target as HTMLInputElement).checked)} />
            ${m.title}
          </label>`,
        )}
      </fieldset>
      <div part="what-if-result" aria-live="polite" aria-busy=${w.task.status === TaskStatus.PENDING ? 'true' : 'false'}>${result ?? nothing}</div>`,
  );
}

/** Tier and rate before → after, the points gained, and the certificates the picks would earn. */
function outcome({ t, f, names }: HubView, { before, after, delta }: Simulation) {
  return html`<p>
      ${t.whatIfResult(names.tier(before.tier), f.percent(before.commission.rate, 2))} →
      <strong>${t.whatIfResult(names.tier(after.tier), f.percent(after.commission.rate, 2))}</strong>
      <span part="chip">${t.whatIfDelta(f.signed(delta.rateDelta))}</span>
    </p>
    ${
      delta.certificationsEarned.length
        ? html`<p class="muted">${t.whatIfCertificates(f.list(delta.certificationsEarned.map((id) => names.certification(id))))}</p>`
        : nothing
    }`;
}
