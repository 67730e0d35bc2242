import type { CommissionLine, RequirementStatus } from '@siso/training-core';
import { html, nothing, type PropertyDeclarations } from 'lit';
import type { Strings } from '../i18n/en.ts';
import { bar } from '../internal/bar.ts';
import { moduleTitles, pathSize, pointCount, stakeText } from '../internal/foresight.ts';
import { keyedMap } from '../internal/keyed-map.ts';
import { TrainingElement, type View } from '../internal/training-element.ts';
import { sharedStyles } from '../styles/shared.ts';
import { hostStyles } from '../styles/host.ts';
import { styles } from './training-progress.styles.ts';

/**
 * The dashboard card: what a certificate about to lapse would cost (first, under the title), how
 * far the partner is through their training, their tier and what the next tier needs, their
 * commission rate and how it is made up (each bonus with what earns it), and the next best step:
 * a renewal, the way to the next tier, or one module. With `hub-href`, links into the hub.
 *
 * @tag siso-training-progress
 * @summary Partner training progress card.
 *
 * @slot signed-out - What to show a visitor who is not signed in (default: a short sign-in line), e.g. a sign-in link.
 *
 * @cssstate loading - While the skeleton shows: the element then holds the height of its loaded view (set `min-height` on `:state(loading)` to change it).
 *
 * @fires siso-ready - The first snapshot has rendered. `detail: { snapshot }`.
 * @fires siso-module-completed - A module became completed. Once per page per change, from the first connected element showing the partner. `detail: { moduleId, module }`.
 * @fires siso-tier-changed - The tier changed. Once per page per change, from the first connected element showing the partner. `detail: { from, to }`.
 * @fires siso-open-hub - Cancelable. The user followed the renew action or the hub link; cancel to route in-app. `detail: { href, certificationId, reason }` (`reason`: `renew` or `open`).
 * @fires siso-error - Loading failed. `detail: { error, action }`.
 *
 * @csspart card - The card container.
 * @csspart title - The card heading.
 * @csspart at-stake - What the most valuable lapsing certificate would cost, and by when to renew it.
 * @csspart at-stake-action - The renew action in `at-stake`: a link with `hub-href`, else a button.
 * @csspart hub-link - "Open training hub" (only with `hub-href`).
 * @csspart status - Offline / reconnecting notice (empty while live).
 * @csspart error - The load error with its retry button.
 * @csspart signed-out - Shown instead of an error when the credential is refused (401/403): the visitor is not signed in.
 * @csspart empty - Shown when there is nothing to show: no credential, or no training assigned.
 * @csspart button - Every button.
 * @csspart retry-button - The retry button.
 * @csspart overview - Percent, bar and modules count.
 * @csspart percent - The overall percent.
 * @csspart bar - Every progress bar track (`role=progressbar`).
 * @csspart bar-fill - The filled part of a bar.
 * @csspart overall-bar - The overall completion bar.
 * @csspart modules - "x of y modules".
 * @csspart stats - Time spent and certificates earned (the modules completed are in `overview`).
 * @csspart stat - One of the stats.
 * @csspart badges - The achievement badges list.
 * @csspart badge - One achievement badge.
 * @csspart chip - Every small label (badges, tier).
 * @csspart tier - The tier section.
 * @csspart tier-badge - The current tier's label.
 * @csspart requirements - Requirements of the next tier.
 * @csspart requirement - One requirement (also `requirement-met` when met).
 * @csspart requirement-bar - A requirement's bar.
 * @csspart commission - The commission section.
 * @csspart rate - The commission rate.
 * @csspart yearly-value - What the rate is worth a year.
 * @csspart breakdown - The commission lines.
 * @csspart line - One commission line; a bonus's says what earns it.
 * @csspart next-step - The next best step: a renewal, the way to the next tier, or one module.
 *
 * @cssprop [--siso-color-accent=#0b62d6] - Bars, focus rings, primary buttons.
 * @cssprop [--siso-color-on-accent=#ffffff] - Text on the accent colour.
 * @cssprop [--siso-color-surface=#ffffff] - Card background.
 * @cssprop [--siso-color-text=#1b1f24] - Main text.
 * @cssprop [--siso-color-muted=#57606a] - Secondary text.
 * @cssprop [--siso-color-border=#d0d7de] - Borders.
 * @cssprop [--siso-color-track=#e6eaef] - Empty part of bars, chips, skeletons.
 * @cssprop [--siso-color-success=#1a7f37] - Met requirements.
 * @cssprop [--siso-color-danger=#b42318] - Errors.
 * @cssprop [--siso-color-link=#0b62d6] - Links.
 * @cssprop [--siso-color-warning-bg=#fff4d6] - Offline notice and at-stake background.
 * @cssprop [--siso-color-tier-bg=#fbefc9] - Tier badge background.
 * @cssprop [--siso-color-tier-text=#5c4100] - Tier badge text.
 * @cssprop [--siso-color-highlight=rgb(255 196 0 / 0.4)] - Flash on what a live update changed.
 * @cssprop [--siso-highlight-duration=1.6s] - How long that flash lasts.
 * @cssprop [--siso-radius=12px] - Every corner: the card's; two thirds of it inside; chips and bars at most it.
 * @cssprop [--siso-space=16px] - Card padding.
 * @cssprop [--siso-gap=16px] - Space between sections.
 * @cssprop [--siso-bar-height=10px] - Height of the overall bar.
 * @cssprop [--siso-font-family=system-ui] - Font.
 */
export class SisoTrainingProgress extends TrainingElement {
  static override styles = [hostStyles, sharedStyles, styles];

  static override properties: PropertyDeclarations = {
    hubHref: { attribute: 'hub-href', reflect: true },
  };

  /**
   * Where the training hub is, e.g. `#/training`: the renew action and an "Open training hub"
   * link go there (after a cancelable `siso-open-hub`). Without it the renew action is a button
   * that only fires the event.
   */
  declare hubHref: string | undefined;

  protected headingText(t: Strings): string {
    return t.progressTitle;
  }

  protected renderSkeleton() {
    return html`<div class="skeleton tall"></div>
      <div class="skeleton"></div>
      <div class="skeleton"></div>
      <div class="skeleton tall"></div>`;
  }

  protected renderView(v: View) {
    return html`<div class="layout">
      ${this.#atStake(v)}
      <div class="col">${this.#overview(v)} ${this.#stats(v)} ${this.#badges(v)}</div>
      <div class="col">${this.#tier(v)} ${this.#commission(v)}</div>
      ${this.#nextStep(v)}
      ${
        this.hubHref
          ? html`<a part="hub-link" href=${this.hubHref} @click=${(e: Event) => this.#openHub(e, null)}>${v.t.hubLink}</a>`
          : nothing
      }
    </div>`;
  }

  /** The most valuable lapsing certificate: what it costs, by when, what renewing takes. */
  #atStake(v: View) {
    const a = v.s.evaluation.atStake[0];
    if (!a) return nothing;
    const label = v.t.actionOn(v.t.renewAction, v.names.certification(a.certificationId));
    const open = (e: Event) => this.#openHub(e, a.certificationId);
    return html`<p part="at-stake" role="note" class=${this.flash('stake')}>
      <span>${stakeText(v, a, true)}</span>
      ${
        this.hubHref
          ? html`<a part="at-stake-action button" href=${this.hubHref} aria-label=${label} @click=${open}>${v.t.renewAction}</a>`
          : html`<button part="at-stake-action button" type="button" aria-label=${label} @click=${open}>${v.t.renewAction}</button>`
      }
    </p>`;
  }

  /** Asks the host first; a cancelled request keeps the link from navigating. */
  #openHub(e: Event, certificationId: string | null): void {
    const detail = { href: this.hubHref ?? null, certificationId, reason: certificationId ? ('renew' as const) : ('open' as const) };
    if (!this.emit('siso-open-hub', detail, true)) e.preventDefault();
  }

  #overview({ s, t, f }: View) {
    const { modulesCompleted, modulesTotal, percent } = s.summary;
    const percentText = f.percent(percent);
    return html`<div part="overview" class=${this.flash('summary')}>
      <div class="row">
        <span part="percent">${percentText}</span>
        <span part="modules">${t.modulesOf(f.number(modulesCompleted), f.number(modulesTotal))}</span>
      </div>
      ${bar(percent / 100, t.overallProgress, percentText, 'overall-bar')}
    </div>`;
  }

  /** What the overview does not say already. */
  #stats({ s, t, f }: View) {
    const stat = (label: string, value: string) => html`<div part="stat"><dt>${label}</dt><dd>${value}</dd></div>`;
    return html`<dl part="stats">
      ${stat(t.timeSpent, f.duration(s.summary.timeSpentSeconds))}
      ${stat(t.certificatesEarned, f.number(s.summary.certificatesEarned))}
    </dl>`;
  }

  #badges({ s, t }: View) {
    const core = s.modules.filter((m) => m.category === 'core').length;
    const earned = [
      ['first-module', s.summary.modulesCompleted >= 1],
      ['halfway', s.summary.percent >= 50],
      ['core-complete', core > 0 && s.evaluation.facts.completed.core >= core],
      ['ten-hours', s.evaluation.facts.trainingHours >= 10],
      ['certified', s.summary.certificatesEarned >= 1],
      ['all-done', s.summary.modulesTotal > 0 && s.summary.modulesCompleted >= s.summary.modulesTotal],
    ].filter(([, has]) => has);
    if (earned.length === 0) return nothing;
    return html`<div>
      <h3 id="badges">${t.badges}</h3>
      <ul part="badges" aria-labelledby="badges">
        ${earned.map(([id]) => html`<li part="badge chip">${t.badge[id as string] ?? id}</li>`)}
      </ul>
    </div>`;
  }

  #tier(v: View) {
    const { s, t, f, names, say } = v;
    const e = s.evaluation;
    const next = e.next;
    // What lower tiers still miss, then the next tier's own requirements in the program's order, met
    // or missing (the core lists what is missing once, the strongest of a kind: one it leaves out
    // stays out). The order holds as requirements are met, so a bar that fills stays where it was.
    const own = next ? (e.tiers.find((x) => x.id === next.tier)?.requirements ?? []) : [];
    const missing = new Set(next?.missing.map(requirementKey));
    const requirements: RequirementStatus[] = next
      ? [...next.missing.filter((r) => r.tier !== next.tier), ...own.filter((r) => r.met || missing.has(requirementKey(r)))]
      : [];
    return html`<div part="tier" class=${this.flash('tier') || this.flash('next')}>
      <div class="row">
        <h3>${t.tier}</h3>
        <span part="tier-badge chip">${t.tierName(names.tier(e.tier))}</span>
      </div>
      ${
        next
          ? html`<p class="muted" id="towards">${t.towardsTier(next.name)}</p>
            <ul part="requirements" aria-labelledby="towards">
              ${keyedMap(requirements, requirementKey, (r) => {
                const label = say(r.code, r.params);
                const value = `${f.number(r.current)} / ${f.number(r.target)}`;
                return html`<li part=${r.met ? 'requirement requirement-met' : 'requirement'} class=${r.met ? 'met' : ''}>
                  <div class="row">
                    <span>${label}</span>
                    <span class="muted"><span class="sr-only">${r.met ? t.met : t.notMet}</span><span aria-hidden="true">${r.met ? '✓' : ''}</span> ${value}</span>
                  </div>
                  ${bar(r.progress, label, `${value} (${r.met ? t.met : t.notMet})`, 'requirement-bar', true)}
                </li>`;
              })}
            </ul>`
          : html`<p class="muted">${t.topTier}</p>`
      }
    </div>`;
  }

  #commission(v: View) {
    const { s, t, f, names, say } = v;
    const c = s.evaluation.commission;
    const revenue = s.partner.trailingRevenue;
    const worth = v.money(revenue === undefined ? null : (revenue * c.rate) / 100, s.partner.currency);
    const pts = (points: number) => t.points(f.signed(points));
    // What earns a bonus, said whether or not it is earned yet.
    const rule = (l: Extract<CommissionLine, { kind: 'bonus' }>) => {
      if (l.bonusKind === 'per_certification' || l.bonusKind === 'per_module') {
        const what = l.bonusKind === 'per_module' ? names.category(l.params.category) : String(l.params.level ?? '');
        return t.bonusPer(l.bonusKind, what, `+${pointCount(v, l.value)}`, pointCount(v, l.max ?? 0), f.number(l.count ?? 0));
      }
      const gain = l.bonusKind === 'relative' ? `×${f.number(l.value, 2)}` : `+${pointCount(v, l.value)}`;
      const cond = l.condition;
      return cond ? t.bonusWhen(gain, say(cond.code, cond.params), t.progressOf(f.number(cond.current), f.number(cond.target))) : '';
    };
    const line = (l: CommissionLine): [string, string, string?] => {
      switch (l.kind) {
        case 'base':
          return [t.lineBase, f.percent(l.points, 2)];
        case 'multiplier':
          return [t.lineMultiplier(names.tier(l.tier), f.number(l.factor, 2)), pts(l.points)];
        case 'bonus':
          return [t.lineBonus[l.id] ?? t.lineBonusOther(l.id), l.applied ? pts(l.points) : t.notApplied, rule(l)];
        case 'cap':
          return [t.lineCap(f.percent(l.cap, 2)), pts(l.points)];
      }
    };
    return html`<div part="commission">
      <div class="row">
        <h3>${t.commission}</h3>
        <span part="rate" class=${this.flash('rate')}>${f.percent(c.rate, 2)}</span>
      </div>
      ${worth ? html`<p part="yearly-value" class="muted">${t.yearlyValue(worth)}</p>` : nothing}
      <dl part="breakdown" aria-label=${t.commissionBreakdown}>
        ${c.lines.map((l) => {
          const [label, value, about] = line(l);
          return html`<div part="line" class="row">
            <dt>${label}${about ? html`<span class="muted about">${about}</span>` : nothing}</dt>
            <dd>${value}</dd>
          </div>`;
        })}
      </dl>
    </div>`;
  }

  #nextStep(v: View) {
    const { s, t, f, names, say } = v;
    const step = s.nextStep;
    let text = t.nothingToRaise;
    if (step) {
      const tier = names.tier(step.tier);
      const money = v.money(step.yearlyValue, step.currency);
      const gain = t.gain(pointCount(v, step.rateDelta), money);
      const modules = step.modules.length > 0 ? t.pathModules(moduleTitles(v, step.modules), pathSize(v, step.modules, step.hours)) : '';
      if (step.kind === 'renew') {
        // The tier is what is kept unless only the rate would drop.
        const stake = s.evaluation.atStake.find((a) => a.certificationId === step.certificationId);
        const keep = stake && !stake.tierDropsAt ? f.percent(stake.rate, 2) : tier;
        text = t.nextStepRenew(
          names.certification(step.certificationId),
          f.date(step.actBy ?? ''),
          keep,
          modules,
          t.keeps(pointCount(v, step.rateDelta), money),
        );
      } else if (step.kind === 'module') {
        const module = names.module(step.modules[0]?.moduleId);
        text = step.tier === s.evaluation.tier ? t.nextStepModuleRate(module, gain) : t.nextStepModule(module, tier, gain);
      } else {
        // What no module can give (a performance score), said as such.
        const needs = f.list(step.blockedBy.map((r) => t.yours(say(r.code, r.params), f.number(r.current))));
        text = modules
          ? `${t.nextStepTier(tier, modules, step.rateDelta > 0 ? gain : '')}${needs ? `. ${t.alsoNeeds(tier, needs)}` : ''}`
          : t.nextStepTier(tier, needs, '');
      }
    }
    return html`<p part="next-step" class=${this.flash('next')}><strong>${t.nextStep}:</strong> ${text}</p>`;
  }
}

/**
 * What a requirement is, whatever the partner's progress: its tier, kind and what it names (not
 * `remaining`, which changes with progress). Keyed by it, a bar moves from its own last value —
 * drawn by position, it would start from another requirement's (on a tier change, say).
 */
function requirementKey({ tier, code, params: { remaining: _, ...what } }: RequirementStatus): string {
  return JSON.stringify([tier, code, what]);
}

declare global {
  interface HTMLElementTagNameMap {
    'siso-training-progress': SisoTrainingProgress;
  }
}
