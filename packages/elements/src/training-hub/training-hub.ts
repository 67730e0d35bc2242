import { requiredModules, type Simulation } from '@siso/training-core';
import { isApiError, type ModuleWithProgress, type TrainingClient } from '@siso/training-sdk';
import { html, nothing, type PropertyDeclarations } from 'lit';
import type { Strings } from '../i18n/en.ts';
import { bar } from '../internal/bar.ts';
import { pathSize, pointCount, stakeText } from '../internal/foresight.ts';
import { TrainingElement, type View } from '../internal/training-element.ts';
import { hostStyles } from '../styles/host.ts';
import { sharedStyles } from '../styles/shared.ts';
import { styles } from './training-hub.styles.ts';

type Filter = { search: string; category: string; status: string };
type WhatIf =
  | { status: 'idle' }
  | { status: 'pending' }
  | { status: 'done'; result: Simulation }
  | { status: 'error'; unavailable: boolean };

/** Wait this long after the last pick before asking the API, so a burst of clicks is one call. */
const WHAT_IF_DELAY_MS = 250;
/** How long a copy-link button says "Link copied". */
const COPIED_MS = 3_000;

/** Only absolute http(s) URLs are linked or opened: a `javascript:` URL from a bad answer would run on click. */
function isWebUrl(url: string): boolean {
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol);
}

/**
 * The material hub: what is at stake (every lapsing certificate with its renewal path), what to
 * take next and why, certificates, the whole catalog with filters and search, launching and
 * completing modules, the partner score, history, what each tier requires, and a what-if
 * calculator.
 *
 * @tag siso-training-hub
 * @summary Partner training hub.
 *
 * @slot signed-out - What to show a visitor who is not signed in (default: a short sign-in line), e.g. a sign-in link.
 *
 * @fires siso-ready - The first snapshot has rendered. `detail: { snapshot }`.
 * @fires siso-launch - Cancelable. The user opened a module; cancel to route in-app. `detail: { moduleId, module, url }` (`url`: the module's material).
 * @fires siso-module-completed - A module became completed. `detail: { moduleId, module }`.
 * @fires siso-tier-changed - The tier changed. `detail: { from, to }`.
 * @fires siso-error - Loading or an action failed. `detail: { error, action }`.
 *
 * @csspart card - The hub container.
 * @csspart title - The heading.
 * @csspart status - Offline / reconnecting notice (empty while live).
 * @csspart error - The load error with its retry button.
 * @csspart signed-out - Shown instead of an error when the credential is refused (401/403): the visitor is not signed in.
 * @csspart empty - Shown when there is nothing to show: no credential, or no training assigned.
 * @csspart action-error - An action's error message.
 * @csspart button - Every button and button-like link.
 * @csspart retry-button - The retry button.
 * @csspart launch-button - A module's open / continue button.
 * @csspart complete-button - "Mark as done" on a self-completed module.
 * @csspart chip - Every small label.
 * @csspart bar - Every progress bar track (`role=progressbar`).
 * @csspart bar-fill - The filled part of a bar.
 * @csspart section - Every section.
 * @csspart at-stake - The section of lapsing certificates (only while there are any).
 * @csspart stake - One lapsing certificate: what it costs, by when, and its renewal path.
 * @csspart path-module - One module of a renewal path, with what to do (take, take again, pass again).
 * @csspart recommendations - The recommendations section.
 * @csspart recommendation - One recommendation.
 * @csspart reasons - A recommendation's reasons.
 * @csspart catalog - The catalog section.
 * @csspart filters - Search and filters.
 * @csspart search - The search field.
 * @csspart category-filter - The category select.
 * @csspart status-filter - The status select.
 * @csspart modules - The module list.
 * @csspart module - One module (also `module-completed`).
 * @csspart module-title - A module's title.
 * @csspart locked - Why a module is locked.
 * @csspart certificates - The certificates section.
 * @csspart certificate - One certificate.
 * @csspart certificate-status - A certificate's status label.
 * @csspart verify-link - A certificate's verification link.
 * @csspart copy-link-button - Copies a certificate's verification link.
 * @csspart renewal - The modules still needed to renew an ending or ended certificate, or to earn a revoked one again.
 * @csspart certification - A certification not yet held, with its progress.
 * @csspart score - The partner score section, with its parts and their weights.
 * @csspart history - The history timeline.
 * @csspart history-entry - One history entry.
 * @csspart tiers - The tiers section.
 * @csspart tier-info - One tier (also `tier-current`).
 * @csspart what-if - The what-if section.
 * @csspart what-if-options - The module checkboxes.
 * @csspart what-if-result - The simulated tier and rate.
 *
 * @cssprop [--siso-color-accent=#0b62d6] - Bars, focus rings, primary buttons.
 * @cssprop [--siso-color-on-accent=#ffffff] - Text on the accent colour.
 * @cssprop [--siso-color-surface=#ffffff] - Card background.
 * @cssprop [--siso-color-text=#1b1f24] - Main text.
 * @cssprop [--siso-color-muted=#57606a] - Secondary text.
 * @cssprop [--siso-color-border=#d0d7de] - Borders.
 * @cssprop [--siso-color-track=#e6eaef] - Empty part of bars, chips, skeletons.
 * @cssprop [--siso-color-success=#1a7f37] - Completed and met.
 * @cssprop [--siso-color-danger=#b42318] - Errors, expired certificates.
 * @cssprop [--siso-color-link=#0b62d6] - Links.
 * @cssprop [--siso-color-warning-bg=#fff4d6] - Offline notice, expiring certificates.
 * @cssprop [--siso-color-tier-bg=#fbefc9] - Current tier background.
 * @cssprop [--siso-color-tier-text=#5c4100] - Current tier text.
 * @cssprop [--siso-color-highlight=rgb(255 196 0 / 0.4)] - Flash on what a live update changed.
 * @cssprop [--siso-highlight-duration=1.6s] - How long that flash lasts.
 * @cssprop [--siso-radius=12px] - Card corner radius.
 * @cssprop [--siso-space=16px] - Card padding.
 * @cssprop [--siso-gap=16px] - Space between sections.
 * @cssprop [--siso-bar-height=10px] - Height of bars.
 * @cssprop [--siso-font-family=system-ui] - Font.
 */
export class SisoTrainingHub extends TrainingElement {
  static override styles = [hostStyles, sharedStyles, styles];

  // attribute: false as well, which `state` implies, so the manifest lists no attributes for them.
  static override properties: PropertyDeclarations = {
    filter: { state: true, attribute: false },
    busy: { state: true, attribute: false },
    actionError: { state: true, attribute: false },
    picked: { state: true, attribute: false },
    whatIf: { state: true, attribute: false },
    copied: { state: true, attribute: false },
  };

  declare private filter: Filter;
  declare private busy: ReadonlySet<string>;
  declare private actionError: boolean;
  declare private picked: ReadonlySet<string>;
  declare private whatIf: WhatIf;
  /** The certificate whose link was just copied, to say so on its button. */
  declare private copied: string | undefined;

  constructor() {
    super();
    this.filter = { search: '', category: 'all', status: 'all' };
    this.busy = new Set();
    this.actionError = false;
    this.picked = new Set();
    this.whatIf = { status: 'idle' };
  }
  #copiedTimer: ReturnType<typeof setTimeout> | undefined;
  #whatIfTimer: ReturnType<typeof setTimeout> | undefined;
  #whatIfCall: AbortController | undefined;

  protected headingText(t: Strings): string {
    return t.hubTitle;
  }

  protected renderSkeleton() {
    return html`${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton tall"></div>`)}`;
  }

  protected renderView(v: View) {
    return html`<p part="action-error" role="alert">${this.actionError ? v.t.actionError : nothing}</p>
      <div class="layout">
        <div class="main">${this.#atStake(v)} ${this.#certificates(v)} ${this.#recommendations(v)} ${this.#catalog(v)}</div>
        <div class="aside">${this.#score(v)} ${this.#whatIfPanel(v)} ${this.#tiers(v)} ${this.#history(v)}</div>
      </div>`;
  }

  #section(id: string, title: string, body: unknown) {
    return html`<section part="section ${id}" aria-labelledby=${`h-${id}`}><h3 id=${`h-${id}`}>${title}</h3>${body}</section>`;
  }

  /** Every lapsing certificate: what it costs, by when, and each module of its renewal. */
  #atStake(v: View) {
    const { s, t, f, names, say, modules: byId } = v;
    if (s.evaluation.atStake.length === 0) return nothing;
    const locked = new Set(s.locked.map((l) => l.moduleId));
    return this.#section(
      'at-stake',
      t.atStake,
      html`<ol class="list">
        ${s.evaluation.atStake.map(
          (a) => html`<li part="stake" class="item ${this.flash('stake')}">
            <div class="row">
              <strong>${names.certification(a.certificationId)}</strong>
              <span part="chip" class="cert-expiring">${say(a.code, {})}</span>
            </div>
            <p>${stakeText(v, a, false)}</p>
            <p class="muted">
              ${t.actBy(f.date(a.actBy))} · ${t.whatIfResult(names.tier(a.tier), f.percent(a.rate, 2))} →
              ${t.whatIfResult(names.tier(a.tierAfter), f.percent(a.rateAfter, 2))}
            </p>
            ${a.reasons.length > 0 ? html`<p class="muted">${t.neededFor}: ${a.reasons.map((r) => say(r.code, r.params)).join(' · ')}</p>` : nothing}
            ${a.renewal.modules.length > 0
              ? html`<p class="muted">${pathSize(v, a.renewal.modules, a.renewal.hours)}</p>
                  <ol class="list">
                    ${a.renewal.modules.map((pm) => {
                      const m = byId.get(pm.moduleId);
                      return html`<li part="path-module" class="row">
                        <span>
                          <strong>${names.module(pm.moduleId)}</strong>
                          <span part="chip">${say(pm.code, {})}</span>
                          <span class="muted">${t.hoursLeft(f.number(pm.hours))}</span>
                        </span>
                        ${m && !locked.has(m.id) ? this.#actions(m, v, pm.code === 'path.retake') : nothing}
                      </li>`;
                    })}
                  </ol>`
              : nothing}
          </li>`,
        )}
      </ol>`,
    );
  }

  #recommendations(v: View) {
    const { s, t, f, names, say, modules: byId } = v;
    const items = s.recommendations.filter((r) => byId.has(r.moduleId));
    return this.#section(
      'recommendations',
      t.recommendations,
      items.length === 0
        ? html`<p class="muted">${t.noRecommendations}</p>`
        : html`<ol class="list">
            ${items.map((r) => {
              const m = byId.get(r.moduleId)!;
              const money = v.money(r.yearlyValue, r.currency);
              return html`<li part="recommendation" class="item ${this.flash(`module:${m.id}`)}">
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
                    >${[
                      t.hoursLeft(f.number(r.hours)),
                      r.rateDelta > 0 && money ? t.gain(pointCount(v, r.rateDelta), money) : '',
                      r.scoreDelta > 0 ? t.scoreGain(f.number(r.scoreDelta)) : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}</span
                  >
                  ${this.#actions(m, v)}
                </div>
              </li>`;
            })}
          </ol>`,
    );
  }

  #catalog(v: View) {
    const { s, t, f, say } = v;
    const { search, category, status } = this.filter;
    const needle = search.trim().toLocaleLowerCase(this.resolvedLocale);
    const locked = new Map(s.locked.map((l) => [l.moduleId, l.reasons]));
    const shown = s.modules.filter(
      (m) =>
        (category === 'all' || m.category === category) &&
        (status === 'all' || m.progress.status === status) &&
        (!needle || `${m.title} ${m.summary}`.toLocaleLowerCase(this.resolvedLocale).includes(needle)),
    );
    const set = (patch: Partial<Filter>) => (this.filter = { ...this.filter, ...patch });
    const options = (all: Record<string, string>, value: string) => html`<option value="all" ?selected=${value === 'all'}>${t.all}</option>
      ${Object.entries(all).map(([key, label]) => html`<option value=${key} ?selected=${value === key}>${label}</option>`)}`;
    return this.#section(
      'catalog',
      t.catalog,
      html`<div part="filters" role="search">
          <label class="field">
            <span>${t.search}</span>
            <input part="search" type="search" .value=${search} @input=${(e: Event) => set({ search: (e.target as HTMLInputElement).value })} />
          </label>
          <label class="field">
            <span>${t.category}</span>
            <select part="category-filter" @change=${(e: Event) => set({ category: (e.target as HTMLSelectElement).value })}>
              ${options(t.categories, category)}
            </select>
          </label>
          <label class="field">
            <span>${t.status}</span>
            <select part="status-filter" @change=${(e: Event) => set({ status: (e.target as HTMLSelectElement).value })}>
              ${options(t.statuses, status)}
            </select>
          </label>
        </div>
        ${shown.length === 0
          ? html`<p class="muted" role="status">${t.noMatches}</p>`
          : html`<ul part="modules" class="list">
              ${shown.map((m) => {
                const reasons = locked.get(m.id);
                const done = m.progress.status === 'completed';
                return html`<li part=${done ? 'module module-completed' : 'module'} class="item ${this.flash(`module:${m.id}`)}">
                  <div class="row">
                    <strong part="module-title">${m.title}</strong>
                    <span class="chips">
                      <span part="chip">${t.categories[m.category] ?? m.category}</span>
                      <span part="chip" class=${`status-${m.progress.status}`}>${t.statuses[m.progress.status]}</span>
                    </span>
                  </div>
                  <p class="muted">${m.summary}</p>
                  ${m.progress.status === 'in_progress' ? bar(m.progress.percent / 100, m.title, f.percent(m.progress.percent), 'bar', true) : nothing}
                  ${reasons ? html`<p part="locked" class="muted">${t.locked}: ${reasons.map((r) => say(r.code, r.params)).join(' · ')}</p>` : nothing}
                  <div class="row">
                    <span class="muted">${t.minutes(f.number(m.estimatedMinutes))}</span>
                    ${reasons ? nothing : this.#actions(m, v)}
                  </div>
                </li>`;
              })}
            </ul>`}`,
    );
  }

  /** Open / continue, and "Mark as done" for a self-paced module not done yet, or to be done `again` for a renewal. */
  #actions(m: ModuleWithProgress, { t }: View, again = false) {
    const busy = this.busy.has(m.id);
    const canComplete = m.completion === 'self' && (again || m.progress.status !== 'completed');
    return html`<span class="actions">
      ${canComplete
        ? html`<button part="button complete-button" type="button" ?disabled=${busy} @click=${() => this.#complete(m)}>
            ${t.markDone}<span class="sr-only">: ${m.title}</span>
          </button>`
        : nothing}
      <button part="button launch-button" class="primary" type="button" ?disabled=${busy} @click=${() => this.#launch(m)}>
        ${m.progress.status === 'in_progress' ? t.resume : t.launch}<span class="sr-only">: ${m.title}</span>
      </button>
    </span>`;
  }

  #certificates({ s, t, f, names, modules }: View) {
    const held = new Set(s.certificates.filter((c) => c.status === 'active' || c.status === 'expiring').map((c) => c.certificationId));
    const progress = new Map(s.modules.map((m) => [m.id, { moduleId: m.id, ...m.progress }]));
    // Whether each required module counts towards a new certificate: core's rule, as the server applies it.
    const need = (certificationId: string) => {
      const c = s.certifications.find((x) => x.id === certificationId);
      return c && { certification: c, ...requiredModules(c, modules, progress, s.certificates) };
    };
    const isLatest = (c: (typeof s.certificates)[number]) =>
      !s.certificates.some((o) => o.certificationId === c.certificationId && Date.parse(o.issuedAt) > Date.parse(c.issuedAt));
    /** The modules still needed, on the latest certificate of a certification ending soon or no longer held. */
    const renewal = (c: (typeof s.certificates)[number]) => {
      const n = c.status !== 'pending' && isLatest(c) && (c.status === 'expiring' || !held.has(c.certificationId)) ? need(c.certificationId) : undefined;
      const still = n ? n.certification.requiredModules.filter((id) => !n.counted.includes(id)) : [];
      if (still.length === 0) return nothing;
      const list = f.list(still.map(names.module));
      return html`<p part="renewal" class="muted">${c.status === 'revoked' ? t.regainWith(list) : t.renewWith(list)}</p>`;
    };
    const dates = (c: (typeof s.certificates)[number]) =>
      c.status === 'pending'
        ? t.validFrom(f.date(c.issuedAt))
        : `${t.issuedOn(f.date(c.issuedAt))} · ${c.status === 'expired' ? t.expiredOn(f.date(c.expiresAt)) : t.expiresOn(f.date(c.expiresAt))}`;
    // Certifications never certified; one with a certificate shows its way back on that certificate.
    const open = s.certifications.filter((c) => !s.certificates.some((x) => x.certificationId === c.id));
    return this.#section(
      'certificates',
      t.certificates,
      html`${s.certificates.length === 0 ? html`<p class="muted">${t.noCertificates}</p>` : nothing}
        <ul class="list">
          ${s.certificates.map(
            (c) => html`<li part="certificate" class="item ${this.flash(`certificate:${c.id}`)}">
              <div class="row">
                <strong>${c.name}</strong>
                <span part="certificate-status chip" class=${`cert-${c.status}`}>${t.certificateStatus[c.status] ?? c.status}</span>
              </div>
              <p class="muted">${dates(c)}</p>
              ${renewal(c)}
              ${isWebUrl(c.verifyUrl)
                ? html`<span class="actions">
                    <a part="verify-link" href=${c.verifyUrl} target="_blank" rel="noopener">${t.printCertificate}<span class="sr-only">: ${c.name}</span></a>
                    <button part="button copy-link-button" type="button" @click=${() => this.#copyLink(c.id, c.verifyUrl)}>
                      ${this.copied === c.id ? t.linkCopied : t.copyLink}<span class="sr-only">: ${c.name}</span>
                    </button>
                  </span>`
                : nothing}
            </li>`,
          )}
          ${open.map((c) => {
            const count = need(c.id)?.counted.length ?? 0;
            const text = t.certificationProgress(f.number(count), f.number(c.requiredModules.length));
            return html`<li part="certification" class="item">
              <div class="row"><span>${c.name}</span><span class="muted">${text}</span></div>
              ${bar(count / c.requiredModules.length, c.name, text, 'bar', true)}
            </li>`;
          })}
        </ul>
        <p class="sr-only" role="status">${this.copied ? t.linkCopied : nothing}</p>`,
    );
  }

  /** The partner score with its parts and their weights (shares of the weights' sum). */
  #score({ s, t, f }: View) {
    const { score, performance, completion, assessment, weights } = s.score;
    const sum = weights.performance + weights.completion + weights.assessment || 1;
    const w = (value: string, weight: number) => t.weighted(value, f.percent((weight / sum) * 100));
    return this.#section(
      'score',
      t.score,
      html`<p>
        ${t.scoreParts(
          f.number(score),
          w(f.number(performance), weights.performance),
          w(f.percent(completion), weights.completion),
          w(f.number(assessment), weights.assessment),
        )}
      </p>`,
    );
  }

  async #copyLink(certificateId: string, url: string) {
    try {
      await navigator.clipboard.writeText(url);
      this.copied = certificateId;
      // The button goes back to "Copy", so a second copy is confirmed (and announced) again.
      clearTimeout(this.#copiedTimer);
      this.#copiedTimer = setTimeout(() => (this.copied = undefined), COPIED_MS);
    } catch {
      // No clipboard access (insecure context, denied permission): the visible link still works.
      this.copied = undefined;
    }
  }

  #history({ s, t, f, say }: View) {
    return this.#section(
      'history',
      t.history,
      s.history.length === 0
        ? html`<p class="muted">${t.noHistory}</p>`
        : html`<ol class="timeline">
            ${s.history.map(
              (h) => html`<li part="history-entry" class=${this.flash(`history:${h.seq}`)}>
                <time datetime=${h.at} class="muted">${f.date(h.at, true)}</time>
                <span>${say(h.type, h.params)}</span>
              </li>`,
            )}
          </ol>`,
    );
  }

  #tiers({ s, t, f, say }: View) {
    const current = s.evaluation.tier;
    return this.#section(
      'tiers',
      t.tiers,
      html`<ol class="list">
        ${s.evaluation.tiers.map(
          (tier) => html`<li part=${tier.id === current ? 'tier-info tier-current' : 'tier-info'} class="item ${tier.id === current ? 'current' : ''}" aria-current=${tier.id === current ? 'true' : 'false'}>
            <div class="row">
              <strong>${t.tierRequirements(tier.name, f.number(tier.multiplier, 2))}</strong>
              ${tier.id === current ? html`<span part="chip tier-badge">${t.current}</span>` : nothing}
            </div>
            ${tier.requirements.length === 0
              ? html`<p class="muted">${t.noRequirements}</p>`
              : html`<ul class="reqs">
                  ${tier.requirements.map(
                    (r) => html`<li class=${r.met ? 'met' : ''}>
                      <span aria-hidden="true">${r.met ? '✓' : '○'}</span>
                      <span class="sr-only">${r.met ? t.met : t.notMet}:</span>
                      ${say(r.code, r.params)}
                    </li>`,
                  )}
                </ul>`}
          </li>`,
        )}
      </ol>`,
    );
  }

  #whatIfPanel({ s, t, f, names }: View) {
    const open = s.modules.filter((m) => m.progress.status !== 'completed');
    const w = this.whatIf;
    let result: unknown = nothing;
    if (this.picked.size === 0) result = html`<span class="muted">${t.whatIfNone}</span>`;
    else if (w.status === 'error') result = html`<span>${w.unavailable ? t.whatIfUnavailable : t.actionError}</span>`;
    else if (w.status === 'done') {
      const { before, after, delta } = w.result;
      result = html`<p>
          ${t.whatIfResult(names.tier(before.tier), f.percent(before.commission.rate, 2))} →
          <strong>${t.whatIfResult(names.tier(after.tier), f.percent(after.commission.rate, 2))}</strong>
          <span part="chip">${t.whatIfDelta(f.signed(delta.rateDelta))}</span>
        </p>
        ${delta.certificationsEarned.length
          ? html`<p class="muted">${t.whatIfCertificates(f.list(delta.certificationsEarned.map((id) => names.certification(id))))}</p>`
          : nothing}`;
    }
    return this.#section(
      'what-if',
      t.whatIf,
      html`<p class="muted">${t.whatIfHint}</p>
        <fieldset part="what-if-options">
          <legend class="sr-only">${t.whatIfModules}</legend>
          ${open.map(
            (m) => html`<label class="check">
              <input type="checkbox" .checked=${this.picked.has(m.id)} @change=${(e: Event) => this.#pick(m.id, (e.target as HTMLInputElement).checked)} />
              ${m.title}
            </label>`,
          )}
        </fieldset>
        <div part="what-if-result" aria-live="polite" aria-busy=${w.status === 'pending' ? 'true' : 'false'}>${result}</div>`,
    );
  }

  #pick(moduleId: string, on: boolean): void {
    const picked = new Set(this.picked);
    if (on) picked.add(moduleId);
    else picked.delete(moduleId);
    this.picked = picked;
    clearTimeout(this.#whatIfTimer);
    this.#whatIfCall?.abort();
    if (picked.size === 0) {
      this.whatIf = { status: 'idle' };
      return;
    }
    this.whatIf = { status: 'pending' };
    this.#whatIfTimer = setTimeout(() => void this.#simulate([...picked]), WHAT_IF_DELAY_MS);
  }

  async #simulate(complete: string[]): Promise<void> {
    const client = this.data.client;
    if (!client) return;
    const call = (this.#whatIfCall = new AbortController());
    try {
      const result = await client.simulate({ complete }, { signal: call.signal });
      if (!call.signal.aborted) this.whatIf = { status: 'done', result };
    } catch (error) {
      if (call.signal.aborted) return;
      this.whatIf = { status: 'error', unavailable: isApiError(error) && (error.status === 404 || error.status === 405) };
      this.emit('siso-error', { error, action: 'simulate' });
    }
  }

  #launch(m: ModuleWithProgress): void {
    const client = this.data.client;
    if (!client) return;
    // Asked, and the tab opened, right in the click: a tab opened only once the launch call has
    // answered has lost the click's user activation, and browsers block it as a popup.
    const tab = this.emit('siso-launch', { moduleId: m.id, module: m, url: m.material.url }, true) ? window.open('about:blank', '_blank') : undefined;
    // What `noopener` does — which would leave no handle to navigate the tab with.
    if (tab) tab.opener = null;
    void this.#recordLaunch(client, m, tab);
  }

  /** Records the start (also when the host routes in-app), then sends the tab to the launch link. */
  async #recordLaunch(client: TrainingClient, m: ModuleWithProgress, tab: Window | null | undefined): Promise<void> {
    this.#setBusy(m.id, true);
    let url = m.material.url;
    try {
      // Records that the partner started it; for LMS modules the answer is a launch link.
      url = (await client.launchModule(m.id)).url;
      void this.data.refreshAfterAction();
    } catch (error) {
      // Opening the material still helps the partner when recording the start failed.
      this.emit('siso-error', { error, action: 'launch' });
    } finally {
      this.#setBusy(m.id, false);
    }
    if (!tab) return;
    if (isWebUrl(url)) tab.location.href = url;
    else tab.close();
  }

  async #complete(m: ModuleWithProgress): Promise<void> {
    const client = this.data.client;
    if (!client) return;
    this.#setBusy(m.id, true);
    this.actionError = false;
    try {
      await client.completeModule(m.id);
      await this.data.refreshAfterAction();
    } catch (error) {
      this.actionError = true;
      this.emit('siso-error', { error, action: 'complete' });
    } finally {
      this.#setBusy(m.id, false);
    }
  }

  #setBusy(moduleId: string, on: boolean): void {
    const busy = new Set(this.busy);
    if (on) busy.add(moduleId);
    else busy.delete(moduleId);
    this.busy = busy;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#copiedTimer);
    this.copied = undefined;
    clearTimeout(this.#whatIfTimer);
    this.#whatIfCall?.abort();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'siso-training-hub': SisoTrainingHub;
  }
}
