import type { CommissionLine, RequirementStatus } from '@siso/training-core';
import { html, nothing } from 'lit';
import type { Strings } from '../i18n/en.ts';
import { bar } from '../internal/bar.ts';
import { TrainingElement, type View } from '../internal/training-element.ts';
import { sharedStyles } from '../styles/shared.ts';
import { hostStyles } from '../styles/host.ts';
import { styles } from './training-progress.styles.ts';

/**
 * The dashboard card: how far the partner is through their training, their tier and what the
 * next tier needs, their commission rate and how it is made up, and the one step that raises
 * the rate most.
 *
 * @tag siso-training-progress
 * @summary Partner training progress card.
 *
 * @slot signed-out - What to show a visitor who is not signed in (default: a short sign-in line), e.g. a sign-in link.
 *
 * @fires siso-ready - The first snapshot has rendered. `detail: { snapshot }`.
 * @fires siso-module-completed - A module became completed. `detail: { moduleId, module }`.
 * @fires siso-tier-changed - The tier changed. `detail: { from, to }`.
 * @fires siso-error - Loading failed. `detail: { error, action }`.
 *
 * @csspart card - The card container.
 * @csspart title - The card heading.
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
 * @csspart stats - Modules completed, time spent, certificates earned.
 * @csspart stat - One of the stats.
 * @csspart badges - The achievement badges list.
 * @csspart badge - One achievement badge.
 * @csspart chip - Every small label (badges, tier).
 * @csspart tier - The tier section.
 * @csspart tier-badge - The current tier's label.
 * @csspart requirements - Requirements of the next tier.
 * @csspart requirement - One requirement (also `requirement-met` when met).
 * @csspart requirement-bar - A requirement's bar.
 * @csspart at-risk - The warning that a tier is held only for a grace period.
 * @csspart commission - The commission section.
 * @csspart rate - The commission rate.
 * @csspart yearly-value - What the rate is worth a year.
 * @csspart breakdown - The commission lines.
 * @csspart line - One commission line.
 * @csspart next-step - The step that raises the rate most.
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
 * @cssprop [--siso-color-warning-bg=#fff4d6] - Offline notice and at-risk warning background.
 * @cssprop [--siso-color-tier-bg=#fbefc9] - Tier badge background.
 * @cssprop [--siso-color-tier-text=#5c4100] - Tier badge text.
 * @cssprop [--siso-color-highlight=rgb(255 196 0 / 0.4)] - Flash on what a live update changed.
 * @cssprop [--siso-highlight-duration=1.6s] - How long that flash lasts.
 * @cssprop [--siso-radius=12px] - Card corner radius.
 * @cssprop [--siso-space=16px] - Card padding.
 * @cssprop [--siso-gap=16px] - Space between sections.
 * @cssprop [--siso-bar-height=10px] - Height of the overall bar.
 * @cssprop [--siso-font-family=system-ui] - Font.
 */
export class SisoTrainingProgress extends TrainingElement {
  static override styles = [hostStyles, sharedStyles, styles];

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
      <div class="col">${this.#overview(v)} ${this.#stats(v)} ${this.#badges(v)}</div>
      <div class="col">${this.#tier(v)} ${this.#commission(v)}</div>
      ${this.#nextStep(v)}
    </div>`;
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

  #stats({ s, t, f }: View) {
    const stat = (label: string, value: string) => html`<div part="stat"><dt>${label}</dt><dd>${value}</dd></div>`;
    return html`<dl part="stats">
      ${stat(t.modulesCompleted, t.modulesOf(f.number(s.summary.modulesCompleted), f.number(s.summary.modulesTotal)))}
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
    // The next tier's own requirements and anything still missing below it, each once.
    const requirements: RequirementStatus[] = [];
    if (next) {
      const own = e.tiers.find((x) => x.id === next.tier)?.requirements ?? [];
      for (const r of [...next.missing, ...own]) {
        if (!requirements.some((x) => x.tier === r.tier && x.code === r.code)) requirements.push(r);
      }
    }
    return html`<div part="tier" class=${this.flash('tier') || this.flash('next')}>
      <div class="row">
        <h3>${t.tier}</h3>
        <span part="tier-badge chip">${t.tierName(names.tier(e.tier))}</span>
      </div>
      ${e.atRisk
        ? html`<p part="at-risk" role="note">
            ${t.atRisk(names.tier(e.atRisk.tier), names.tier(e.atRisk.fallbackTier), f.date(e.atRisk.until))}
            ${e.atRisk.reasons.map((r) => html`<span class="muted">${say(r.code, r.params)}</span>`)}
          </p>`
        : nothing}
      ${next
        ? html`<p class="muted" id="towards">${t.towardsTier(next.name)}</p>
            <ul part="requirements" aria-labelledby="towards">
              ${requirements.map((r) => {
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
        : html`<p class="muted">${t.topTier}</p>`}
    </div>`;
  }

  #commission({ s, t, f, names }: View) {
    const c = s.evaluation.commission;
    const revenue = s.partner.trailingRevenue;
    const currency = this.currency || s.partner.currency;
    const pts = (points: number) => t.points(f.signed(points));
    const line = (l: CommissionLine) => {
      switch (l.kind) {
        case 'base':
          return [t.lineBase, f.percent(l.points, 2)];
        case 'multiplier':
          return [t.lineMultiplier(names.tier(l.tier), f.number(l.factor, 2)), pts(l.points)];
        case 'bonus': {
          const label = t.lineBonus[l.id] ?? t.lineBonusOther(l.id);
          return [l.count === null ? label : `${label} ${t.lineBonusCount(f.number(l.count))}`, l.applied ? pts(l.points) : t.notApplied];
        }
        case 'cap':
          return [t.lineCap(f.percent(l.cap, 2)), pts(l.points)];
      }
    };
    return html`<div part="commission">
      <div class="row">
        <h3>${t.commission}</h3>
        <span part="rate" class=${this.flash('rate')}>${f.percent(c.rate, 2)}</span>
      </div>
      ${revenue !== undefined && currency
        ? html`<p part="yearly-value" class="muted">${t.yearlyValue(f.money((revenue * c.rate) / 100, currency))}</p>`
        : nothing}
      <dl part="breakdown" aria-label=${t.commissionBreakdown}>
        ${c.lines.map((l) => {
          const [label, value] = line(l);
          return html`<div part="line" class="row"><dt>${label}</dt><dd>${value}</dd></div>`;
        })}
      </dl>
    </div>`;
  }

  #nextStep({ s, t, f, names, say }: View) {
    const e = s.evaluation;
    const best = s.recommendations.reduce<(typeof s.recommendations)[number] | undefined>(
      (a, r) => (r.rateDelta > (a?.rateDelta ?? 0) ? r : a),
      undefined,
    );
    let text: string;
    if (best) {
      const module = names.module(best.moduleId);
      const points = f.number(best.rateDelta, 2);
      text = best.tierAfter !== e.tier ? t.nextStepModule(module, names.tier(best.tierAfter), points) : t.nextStepModuleRate(module, points);
    } else if (e.next && e.next.rateDelta > 0 && e.next.missing[0]) {
      const first = e.next.missing[0];
      text = t.nextStepTier(say(first.code, first.params), e.next.name, f.number(e.next.rateDelta, 2));
    } else text = t.nothingToRaise;
    return html`<p part="next-step" class=${this.flash('next')}><strong>${t.nextStep}:</strong> ${text}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'siso-training-progress': SisoTrainingProgress;
  }
}
