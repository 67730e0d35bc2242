import { html, nothing } from 'lit';
import { pathSize, stakeText } from '../../internal/foresight.ts';
import { keyedMap } from '../../internal/keyed-map.ts';
import { section, separated, type HubView } from './view.ts';

/**
 * Every lapsing certificate: what it costs, by when, and each module of its renewal. Keyed, so a
 * module marked done leaves with its own buttons and focus moves on to the next (FocusKeeper).
 */
export function atStake(v: HubView) {
  const { s, t, f, names, say, modules: byId } = v;
  if (s.evaluation.atStake.length === 0) return nothing;
  const locked = new Set(s.locked.map((l) => l.moduleId));
  return section(
    'at-stake',
    t.atStake,
    html`<ol class="list">
      ${keyedMap(
        s.evaluation.atStake,
        (a) => a.certificationId,
        (a) => html`<li part="stake" class="item ${v.flash('stake')}">
          <div class="row">
            <strong>${names.certification(a.certificationId)}</strong>
            <span part="chip" class="cert-expiring">${say(a.code, {})}</span>
          </div>
          <p>${stakeText(v, a, false)}</p>
          <p class="muted">
            ${separated([
              t.actBy(f.date(a.actBy)),
              `${t.whatIfResult(names.tier(a.tier), f.percent(a.rate, 2))} → ${t.whatIfResult(names.tier(a.tierAfter), f.percent(a.rateAfter, 2))}`,
            ])}
          </p>
          ${a.reasons.length > 0 ? html`<p class="muted">${t.neededFor}: ${separated(a.reasons.map((r) => say(r.code, r.params)))}</p>` : nothing}
          ${
            a.renewal.modules.length > 0
              ? html`<p class="muted">${pathSize(v, a.renewal.modules, a.renewal.hours)}</p>
                <ol class="list">
                  ${keyedMap(
                    a.renewal.modules,
                    (pm) => pm.moduleId,
                    (pm) => {
                      const m = byId.get(pm.moduleId);
                      return html`<li part="path-module" class="row">
                      <span>
                        <strong>${names.module(pm.moduleId)}</strong>
                        <span part="chip">${say(pm.code, {})}</span>
                        <span class="muted">${t.hoursLeft(f.number(pm.hours))}</span>
                      </span>
                      ${m && !locked.has(m.id) ? v.actions(m, pm.code === 'path.retake') : nothing}
                    </li>`;
                    },
                  )}
                </ol>`
              : nothing
          }
        </li>`,
      )}
    </ol>`,
  );
}
