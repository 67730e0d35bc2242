import type { TrainingClient, TrainingSnapshot } from '@siso/training-sdk';
import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { TrainingDataController } from '../controllers/training-data.ts';
import { styleProps } from '../directives/style-props.ts';
import { en, type Strings } from '../i18n/strings.ts';
import { sharedClient } from '../internal/client-registry.ts';
import { hostStyles } from '../styles/host.ts';
import { styles } from './training-progress.styles.ts';

/**
 * The dashboard card: how far the partner is through their training.
 *
 * @summary Partner training progress card.
 *
 * @csspart card - The card container.
 * @csspart title - The card heading.
 * @csspart summary - The row with modules completed and the percent.
 * @csspart modules - "x of y modules".
 * @csspart percent - The overall percent.
 * @csspart bar - The progress bar track (`role=progressbar`).
 * @csspart bar-fill - The filled part of the bar.
 * @csspart error - The error message and retry button.
 *
 * @cssprop [--siso-color-accent=#0b62d6] - Bars and highlights.
 * @cssprop [--siso-color-surface=#ffffff] - Card background.
 * @cssprop [--siso-color-text=#1b1f24] - Main text.
 * @cssprop [--siso-color-muted=#57606a] - Secondary text.
 * @cssprop [--siso-color-border=#d0d7de] - Card border.
 * @cssprop [--siso-color-track=#e6eaef] - Empty part of bars, skeletons.
 * @cssprop [--siso-radius=12px] - Card corner radius.
 * @cssprop [--siso-font-family=system-ui] - Font.
 */
export class SisoTrainingProgress extends LitElement {
  static override styles = [hostStyles, styles];

  /** Base URL of the SISO Training API. */
  @property({ attribute: 'api-base', reflect: true }) accessor apiBase = '';

  /** A widget token minted by the portal backend. */
  @property({ reflect: true }) accessor token: string | undefined;

  /** A URL answering `{ token, expiresAt }`, fetched with the page's cookies. */
  @property({ attribute: 'token-url', reflect: true }) accessor tokenUrl: string | undefined;

  /** BCP 47 locale for numbers and dates; defaults to the page's language. */
  @property({ reflect: true }) accessor locale: string | undefined;

  /** `light` or `dark`; follows `prefers-color-scheme` when absent. */
  @property({ reflect: true }) accessor theme: 'light' | 'dark' | undefined;

  /** Supplies widget tokens (property only). */
  @property({ attribute: false }) accessor tokenProvider:
    | ((signal?: AbortSignal) => Promise<string | { token: string; expiresAt?: string | Date }>)
    | undefined;

  /** A ready client to use instead of api-base and a token (property only). */
  @property({ attribute: false }) accessor client: TrainingClient | undefined;

  /** Overrides for any of the element's strings (property only). */
  @property({ attribute: false }) accessor strings: Partial<Strings> = {};

  readonly #data = new TrainingDataController(this);

  resolveClient(): TrainingClient | undefined {
    if (this.client) return this.client;
    const apiBase = this.apiBase || globalThis.location?.origin || '';
    return sharedClient({ apiBase, token: this.token, tokenUrl: this.tokenUrl, tokenProvider: this.tokenProvider });
  }

  override render() {
    const t = { ...en, ...this.strings };
    return html`<section part="card" aria-labelledby="title" aria-busy=${this.#data.loading ? 'true' : 'false'}>
      <h2 part="title" id="title">${t.progressTitle}</h2>
      ${this.#data.task.render({
        initial: () => this.#renderSkeleton(t),
        pending: () => this.#renderSkeleton(t),
        complete: (snapshot) => (snapshot ? this.#renderSnapshot(snapshot, t) : html`<p>${t.notConfigured}</p>`),
        error: () => html`<div part="error" role="alert">
          <p>${t.loadError}</p>
          <button type="button" @click=${() => this.#data.retry()}>${t.retry}</button>
        </div>`,
      })}
    </section>`;
  }

  #renderSkeleton(t: Strings) {
    return html`<div role="status" aria-label=${t.loading}>
      <div class="skeleton"></div>
      <div class="skeleton"></div>
    </div>`;
  }

  #renderSnapshot(snapshot: TrainingSnapshot, t: Strings) {
    const { modulesCompleted, modulesTotal, percent } = snapshot.summary;
    const number = new Intl.NumberFormat(this.#locale());
    const percentText = new Intl.NumberFormat(this.#locale(), { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
    return html`<div part="summary">
        <span part="modules">${t.modulesOf(number.format(modulesCompleted), number.format(modulesTotal))}</span>
        <span part="percent">${percentText}</span>
      </div>
      <div
        part="bar"
        role="progressbar"
        aria-label=${t.overallProgress}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${Math.round(percent)}
        aria-valuetext=${percentText}
      >
        <div part="bar-fill" ${styleProps({ '--siso-fill': percent / 100 })}></div>
      </div>`;
  }

  #locale(): string | undefined {
    return this.locale || document.documentElement.lang || undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'siso-training-progress': SisoTrainingProgress;
  }
}
