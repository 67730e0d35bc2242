import { isApiError, type ModuleWithProgress, type ProvidedToken, type TrainingClient, type TrainingSnapshot } from '@siso/training-sdk';
import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { TrainingDataController } from '../controllers/training-data.ts';
import { emit, type SisoEventDetails } from '../events/events.ts';
import type { Names, Params, Strings } from '../i18n/en.ts';
import { canonicalLocale, describe, formatFor, namesFor, type Format } from '../i18n/format.ts';
import { LOCALES_CHANGED } from '../i18n/registry.ts';
import { languageFor } from '../i18n/strings.ts';
import { sharedClient } from './client-registry.ts';
import { FocusKeeper } from './focus-keeper.ts';

/** What a render needs besides the snapshot: strings, formatting and id → name lookups. */
export interface View {
  s: TrainingSnapshot;
  t: Strings;
  f: Format;
  names: Names;
  /** The snapshot's modules by id, built once per render. */
  modules: ReadonlyMap<string, ModuleWithProgress>;
  /** Translates a reason / requirement / history code. */
  say(code: string, params: Params): string;
  /** An amount without its sign, in the `currency` attribute or else `currency`; empty without either or without an amount. */
  money(value: number | null | undefined, currency: string | null | undefined): string;
}

type Shown = 'not-configured' | 'view' | 'signed-out' | 'error' | 'skeleton';

const CONFIG = ['apiBase', 'token', 'tokenUrl', 'tokenProvider', 'client', 'live'] as const;

/**
 * What both elements share: configuration, the data controller, strings and formatting, and the
 * loading / error / empty / offline states around the element's own view.
 */
export abstract class TrainingElement extends LitElement {
  // Declared without decorators: lowering standard decorators for today's browsers costs the
  // script-tag file about 1 KB gzip of helpers and turns every #private member into a WeakMap.
  static override properties: PropertyDeclarations = {
    apiBase: { attribute: 'api-base', reflect: true },
    // Read from the attribute, never written to it: a bearer token in the DOM is readable by any
    // script or session recorder on the page.
    token: {},
    tokenUrl: { attribute: 'token-url', reflect: true },
    locale: { reflect: true },
    currency: { reflect: true },
    live: {
      reflect: true,
      converter: { fromAttribute: (v: string | null) => v !== 'false', toAttribute: (v: boolean) => (v ? '' : 'false') },
    },
    theme: { reflect: true },
    tokenProvider: { attribute: false },
    client: { attribute: false },
    strings: { attribute: false },
  };

  /** Base URL of the SISO Training API; defaults to the page's origin. */
  declare apiBase: string;

  /** A widget token minted by the portal backend. */
  declare token: string | undefined;

  /** A URL answering `{ token, expiresAt }`, fetched with the page's cookies. */
  declare tokenUrl: string | undefined;

  /** BCP 47 locale for text, numbers and dates; defaults to the page's `lang`. English is built in; register more with `registerLocale` or `@siso/training-elements/locales/de`. Without its strings, text, numbers and dates are English (and the console says so once). */
  declare locale: string | undefined;

  /** ISO 4217 currency for money values; defaults to the partner's. */
  declare currency: string | undefined;

  /**
   * Streams changes from the API and applies them as they happen (the default); `live="false"`
   * loads once.
   */
  declare live: boolean;

  /** `light` or `dark`; follows `prefers-color-scheme` when absent. */
  declare theme: 'light' | 'dark' | undefined;

  /** Supplies widget tokens (property only). */
  declare tokenProvider: ((signal?: AbortSignal) => Promise<ProvidedToken>) | undefined;

  /** A ready `TrainingClient` to use instead of api-base and a token (property only). */
  declare client: TrainingClient | undefined;

  /** Overrides for any of the element's strings (property only); tables merge key by key. */
  declare strings: Partial<Strings>;

  /** Exposes `:state(loading)`: a page's CSS can size the element by what it shows. */
  readonly #internals: ElementInternals | undefined;

  constructor() {
    super();
    // Absent where custom elements have no internals (server-side DOM shims): the state is a nicety.
    this.#internals = this.attachInternals?.();
    this.apiBase = '';
    this.live = true;
    this.strings = {};
    this.addController(new FocusKeeper(this));
  }

  protected readonly data = new TrainingDataController(this);

  /** @internal */
  resolveClient(): TrainingClient | undefined {
    if (this.client) return this.client;
    const apiBase = this.apiBase || globalThis.location?.origin || '';
    return sharedClient({ apiBase, token: this.token, tokenUrl: this.tokenUrl, tokenProvider: this.tokenProvider });
  }

  readonly #relocalize = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    globalThis.addEventListener(LOCALES_CHANGED, this.#relocalize);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    globalThis.removeEventListener(LOCALES_CHANGED, this.#relocalize);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected && CONFIG.some((key) => changed.has(key))) this.data.sync();
  }

  /**
   * `:state(loading)` while the skeleton shows: the element reserves the height of what it will
   * show only then, so the page does not jump as data arrives, while a signed-out line, an error or
   * a short view keeps the height it needs.
   */
  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const states = this.#internals?.states;
    if (!states) return;
    try {
      if (this.#shows() === 'skeleton') states.add('loading');
      else states.delete('loading');
    } catch {
      // Chromium 90–124 take only "--loading" (for their old `:--loading` selector), which no
      // browser reads from `:state(loading)`: there the element reserves no height of its own.
    }
  }

  protected get resolvedLocale(): string | undefined {
    return canonicalLocale(this.locale || document.documentElement.lang);
  }

  protected emit<K extends keyof SisoEventDetails>(name: K, detail: SisoEventDetails[K], cancelable = false): boolean {
    return emit(this, name, detail, cancelable);
  }

  /** `changed` while a live update of `key` is being highlighted. */
  protected flash(key: string): string {
    return this.data.changed.has(key) ? 'changed' : '';
  }

  /** The element's own view of a loaded snapshot. */
  protected abstract renderView(view: View): TemplateResult;

  /** Placeholder rows shaped like the view, so the layout does not jump when data arrives. */
  protected abstract renderSkeleton(): TemplateResult;

  /** The card's heading. */
  protected abstract headingText(t: Strings): string;

  override render() {
    // Text and formats in one language: English for both when the locale's strings are not loaded.
    const { t, locale } = languageFor(this.resolvedLocale, this.strings);
    const { snapshot, error, loading, connection } = this.data;
    const body = this.#body(t, locale);
    const stale = snapshot && (connection === 'offline' || connection === 'reconnecting' || error);
    // `lang`: what the text is in, for screen readers' pronunciation and for hyphenation.
    return html`<section part="card" lang=${locale ?? nothing} aria-labelledby="heading" aria-busy=${loading ? 'true' : 'false'}>
      <h2 part="title" id="heading">${this.headingText(t)}</h2>
      <div part="status" role="status">${stale ? (connection === 'reconnecting' ? t.reconnecting : t.offline) : nothing}${
        stale && error && !loading
          ? html` <button part="button retry-button" type="button" @click=${() => this.data.retry()}>${t.retry}</button>`
          : nothing
      }</div>
      ${body}
    </section>`;
  }

  #body(t: Strings, locale: string | undefined): TemplateResult {
    switch (this.#shows()) {
      case 'not-configured':
        return html`<p part="empty">${t.notConfigured}</p>`;
      case 'view': {
        const snapshot = this.data.snapshot!;
        return snapshot.modules.length === 0 ? html`<p part="empty">${t.empty}</p>` : this.renderView(this.#view(snapshot, t, locale));
      }
      case 'signed-out':
        // Not an error to the visitor: on a CMS page before sign-in the token URL answers 401.
        return html`<div part="signed-out"><slot name="signed-out"><p>${t.signedOut}</p></slot></div>`;
      case 'error':
        return html`<div part="error" role="alert">
          <p>${t.loadError}</p>
          <button part="button retry-button" type="button" @click=${() => this.data.retry()}>${t.retry}</button>
        </div>`;
      case 'skeleton':
        return html`<div role="status" aria-label=${t.loading}>${this.renderSkeleton()}</div>`;
    }
  }

  /** What the card's body shows: render draws it, and `updated` sets `:state(loading)` by it. */
  #shows(): Shown {
    const { configured, snapshot, error, loading } = this.data;
    if (!configured) return 'not-configured';
    if (snapshot) return 'view';
    if (error && !loading) return isSignedOut(error) ? 'signed-out' : 'error';
    return 'skeleton';
  }

  #view(s: TrainingSnapshot, t: Strings, locale: string | undefined): View {
    const f = formatFor(locale);
    const names = namesFor(s, t, f);
    return {
      s,
      t,
      f,
      modules: new Map(s.modules.map((m) => [m.id, m])),
      names,
      say: (code, params) => describe(t, names, code, params),
      money: (value, currency) => {
        const code = this.currency || currency;
        return typeof value === 'number' && code ? f.money(Math.abs(value), code) : '';
      },
    };
  }
}

/** The credential was refused: the visitor is not signed in (or not allowed), not a failure. */
function isSignedOut(error: unknown): boolean {
  return isApiError(error) && (error.status === 401 || error.status === 403);
}
