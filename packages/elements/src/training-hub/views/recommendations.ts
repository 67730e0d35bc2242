import { html, nothing } from 'lit';
import { pointCount } from '../../internal/foresight.ts';
import { keyedMap } from '../../internal/keyed-map.ts';
import { section, separated, type HubView } from './view.ts';

/**
 * What to take next and why: each recommendation with its reasons, hours, gain and actions. Keyed,
 * so one that leaves (its module marked done) takes its buttons along and focus moves to the next.
 */
export function recommendations(v: HubView) {
  const { s, t, f, names, say, modules: byId } = v;
  const items = s.recommendations.filter((r) => byId.has(r.moduleId));
  return section(
    'recommendations',
    t.recommendations,
    items.length === 0
      ? html`<p class="muted">${t.noRecommendations}</p>`
      : html`<ol class="list">
          ${keyedMap(
            items,
            (r) => r.moduleId,
            (r) => {
              const m = byId.get(r.moduleId)!;
              const money = v.money(r.yearlyValue, r.currency);
              return html`<li part="recommendation" class="item ${v.flash(`module:${m.id}`)}">
              <div class="row">
                <strong part="module-title">${names.module(r.moduleId)}</strong>
                <span class="chips">
                  ${r.rateDelta > 0 ? html`<span part="chip">${t.points(f.signed(r.rateDelta))}</span>` : nothing}
                  ${r.protects > 0 ? html`<span part="chip">${t.keeps(pointCount(v, r.protects), '')}</span>` : nothing}
                </span>
              </div>
              <ul part="reasons" class="muted">
                ${[...new Set(r.reasons.map((reason) => say(reason.code, reason.params)))].map((line) => html`<li>${line}</li>`)}
              </ul>
              <div class="row">
                <span class="muted"
                  >${separated(
                    [
                      t.hoursLeft(f.number(r.hours)),
                      r.rateDelta > 0 && money ? t.gain(pointCount(v, r.rateDelta), money) : '',
                      r.scoreDelta > 0 ? t.scoreGain(f.number(r.scoreDelta)) : '',
                    ].filter(Boolean),
                  )}</span
                >
                ${v.actions(m)}
              </div>
            </li>`;
            },
          )}
        </ol>`,
  );
}
