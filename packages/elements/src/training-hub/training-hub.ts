import type { ModuleWithProgress } from '@siso/training-sdk';
import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Strings } from '../i18n/en.ts';
import { TrainingElement, type View } from '../internal/training-element.ts';
import { hostStyles } from '../styles/host.ts';
import { sharedStyles } from '../styles/shared.ts';
import { CopiedLink } from './controllers/copied-link.ts';
import { ModuleActions } from './controllers/module-actions.ts';
import { PartnerScope } from './controllers/partner-scope.ts';
import { WhatIf } from './controllers/what-if.ts';
import { styles } from './training-hub.styles.ts';
import { atStake } from './views/at-stake.ts';
import { ANY, catalog, type CatalogFilter } from './views/catalog.ts';
import { certificates } from './views/certificates.ts';
import { history } from './views/history.ts';
import { moduleActions } from './views/module-actions.ts';
import { recommendations } from './views/recommendations.ts';
import { score } from './views/score.ts';
import { tiers } from './views/tiers.ts';
import type { HubView } from './views/view.ts';
import { whatIfPanel } from './views/what-if.ts';

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
 * @cssstate loading - While the skeleton shows: the element then holds the height of its loaded view (set `min-height` on `:state(loading)` to change it).
 *
 * @fires siso-ready - The first snapshot has rendered. `detail: { snapshot }`.
 * @fires siso-launch - Cancelable. The user opened a module; cancel to route in-app. `detail: { moduleId, module, url }` (`url`: the module's material).
 * @fires siso-module-completed - A module became completed. Once per page per change, from the first connected element showing the partner. `detail: { moduleId, module }`.
 * @fires siso-tier-changed - The tier changed. Once per page per change, from the first connected element showing the partner. `detail: { from, to }`.
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
 * @cssprop [--siso-radius=12px] - Every corner: the card's; two thirds of it inside; chips and bars at most it.
 * @cssprop [--siso-space=16px] - Card padding.
 * @cssprop [--siso-gap=16px] - Space between sections.
 * @cssprop [--siso-bar-height=10px] - Height of bars.
 * @cssprop [--siso-font-family=system-ui] - Font.
 */
export class SisoTrainingHub extends TrainingElement {
  static override styles = [hostStyles, sharedStyles, styles];

  // attribute: false as well, which `state` implies, so the manifest lists no attributes for it.
  static override properties: PropertyDeclarations = {
    filter: { state: true, attribute: false },
  };

  /** What the catalog shows; kept when the partner changes, as the catalog is the program's. */
  declare private filter: CatalogFilter;

  constructor() {
    super();
    this.filter = ANY;
  }

  /** The what-if calculator (its task is what tests await). */
  protected readonly whatIf = new WhatIf(this, this.data, (error) => this.emit('siso-error', { error, action: 'simulate' }));
  /** Open and mark as done (its task is what tests await). */
  protected readonly actions = new ModuleActions(this, this.data);
  /** The copy-link confirmation (tests move its clock). */
  protected readonly copiedLink = new CopiedLink(this);
  readonly #scope = new PartnerScope();

  protected headingText(t: Strings): string {
    return t.hubTitle;
  }

  protected renderSkeleton() {
    return html`${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton tall"></div>`)}`;
  }

  protected renderView(view: View) {
    const v = this.#hubView(view);
    const setFilter = (patch: Partial<CatalogFilter>) => (this.filter = { ...this.filter, ...patch });
    return html`<p part="action-error" role="alert">${this.actions.failed ? v.t.actionError : nothing}</p>
      <div class="layout">
        <div class="main">${atStake(v)} ${certificates(v, this.copiedLink)} ${recommendations(v)} ${catalog(v, this.filter, setFilter, this.resolvedLocale)}</div>
        <div class="aside">${score(v)} ${whatIfPanel(v, this.whatIf)} ${tiers(v)} ${history(v)}</div>
      </div>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another client or partner: nothing held for the one before stays (before the tasks compare
    // their arguments, which follow in this update).
    if (this.#scope.moved(this.data.client, this.data.snapshot?.partner.id)) {
      this.whatIf.reset();
      this.actions.reset();
      this.copiedLink.reset();
    }
  }

  #hubView(view: View): HubView {
    const actions = {
      busy: this.actions.pending !== undefined,
      launch: (m: ModuleWithProgress) => this.actions.launch(m),
      complete: (m: ModuleWithProgress) => this.actions.complete(m),
    };
    return {
      ...view,
      flash: (key) => this.flash(key),
      actions: (m, again) => moduleActions(view.t, m, actions, again),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'siso-training-hub': SisoTrainingHub;
  }
}
