import { html, nothing } from 'lit';
import { section, type HubView } from './view.ts';

/** What each tier requires, each requirement met or not; the current tier marked. */
export function tiers({ s, t, f, say }: HubView) {
  const current = s.evaluation.tier;
  return section(
    'tiers',
    t.tiers,
    html`<ol class="list">
      ${s.evaluation.tiers.map(
        (
          tier,
        ) => html`<li part=${tier.id === current ? 'tier-info tier-current' : 'tier-info'} class="item ${tier.id === current ? 'current' : ''}" aria-current=${tier.id === current ? 'true' : 'false'}>
          <div class="row">
            <strong>${t.tierRequirements(tier.name, f.number(tier.multiplier, 2))}</strong>
            ${tier.id === current ? html`<span part="chip tier-badge">${t.current}</span>` : nothing}
          </div>
          ${
            tier.requirements.length === 0
              ? html`<p class="muted">${t.noRequirements}</p>`
              : html`<ul class="reqs">
                ${tier.requirements.map(
                  (r) => html`<li class=${r.met ? 'met' : ''}>
                    <span aria-hidden="true">${r.met ? '✓' : '○'}</span>
                    <span class="sr-only">${r.met ? t.met : t.notMet}:</span>
                    ${say(r.code, r.params)}
                  </li>`,
                )}
              </ul>`
          }
        </li>`,
      )}
    </ol>`,
  );
}
