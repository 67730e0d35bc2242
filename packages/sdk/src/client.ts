import {
  CertificateResponseSchema,
  CompleteResponseSchema,
  LaunchResponseSchema,
  SimulationSchema,
  TrainingSnapshotSchema,
  type CertificateResponse,
  type CompleteResponse,
  type LaunchResponse,
  type Simulation,
  type SimulationSteps,
  type TrainingSnapshot,
} from '@siso/training-core';
import ky, { isHTTPError, type KyInstance, type Options } from 'ky';
import type { z } from 'zod/mini';
import { ApiError } from './errors.ts';
import { toTrainingError } from './http-errors.ts';
import { subscribe, type SubscribeHandlers, type SubscribeOptions, type Subscription } from './live/subscribe.ts';
import { jwtSubject, tokenSource, type TokenOptions, type TokenSource } from './token.ts';
import { validateJson } from './validate.ts';

export type TrainingClientOptions = TokenOptions & {
  /** Where the API lives, e.g. `https://training.example.com`. */
  apiBase: string;
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms; default 10 s. */
  timeout?: number;
  /** Retries of idempotent calls (network errors, 408, 429, 5xx) and of any call refused with 429/503; default 2. */
  maxRetries?: number;
};

export interface CallOptions {
  signal?: AbortSignal;
}

interface RequestOptions extends CallOptions {
  method?: 'get' | 'post';
  /** ky leaves out the undefined ones. */
  searchParams?: Record<string, string | undefined>;
}

/**
 * A POST is sent again only when the server refused it before doing anything (429, 503); after a
 * network error or a timeout it may have been applied, so it is not.
 */
const POST_RETRY = {
  methods: ['post'],
  statusCodes: [429, 503],
  shouldRetry: ({ error }: { error: Error }) => (isHTTPError(error) ? undefined : false),
};

/**
 * Typed access to the partner-facing API with a widget token.
 *
 * @example
 * const client = new TrainingClient({ apiBase: 'https://training.example.com', tokenUrl: '/portal/widget-token' });
 * const snapshot = await client.getTraining();
 * console.log(`${snapshot.summary.modulesCompleted} of ${snapshot.summary.modulesTotal} modules`);
 */
export class TrainingClient {
  // `declare`: set by the constructor (see ApiError).
  declare readonly apiBase: string;
  readonly #http: KyInstance;
  readonly #tokens: TokenSource;
  readonly #fetch: typeof fetch;

  constructor(options: TrainingClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#tokens = tokenSource(options, this.#fetch);
    this.#http = ky.create({
      prefixUrl: this.apiBase,
      fetch: this.#fetch,
      timeout: options.timeout ?? 10_000,
      headers: { accept: 'application/json' },
      // Idempotent methods only (ky's default list), with backoff; Retry-After is honoured on 429/503.
      retry: { limit: options.maxRetries ?? 2, backoffLimit: 5_000 },
    });
  }

  /** The partner's whole training picture in one round trip. */
  getTraining(options: CallOptions = {}): Promise<TrainingSnapshot> {
    return this.#request(TrainingSnapshotSchema, 'v1/me/training', options);
  }

  /** Records that the partner started `moduleId` and returns where its material is. */
  launchModule(moduleId: string, options: CallOptions = {}): Promise<LaunchResponse> {
    return this.#request(LaunchResponseSchema, `v1/me/modules/${encodeURIComponent(moduleId)}/launch`, { ...options, method: 'post' });
  }

  /** Marks a `completion: 'self'` module done; the API refuses modules only the LMS completes. */
  completeModule(moduleId: string, options: CallOptions = {}): Promise<CompleteResponse> {
    return this.#request(CompleteResponseSchema, `v1/me/modules/${encodeURIComponent(moduleId)}/complete`, { ...options, method: 'post' });
  }

  /**
   * What-if: the evaluation after completing modules and earning certifications, and the delta.
   *
   * @example
   * const { delta } = await client.simulate({ complete: ['solution-selling'] });
   */
  simulate(steps: SimulationSteps, options: CallOptions = {}): Promise<Simulation> {
    // Comma-separated; an empty or missing list is left out.
    const searchParams = { complete: steps.complete?.join(',') || undefined, earn: steps.earn?.join(',') || undefined };
    return this.#request(SimulationSchema, 'v1/me/simulate', { ...options, searchParams });
  }

  /** One of the partner's certificates, with its certification, verification link and signed credential. */
  getCertificate(certificateId: string, options: CallOptions = {}): Promise<CertificateResponse> {
    return this.#request(CertificateResponseSchema, `v1/me/certificates/${encodeURIComponent(certificateId)}`, options);
  }

  /** The partner the current token is for (its `sub`); undefined if the token is not a readable JWT. */
  async partnerId(options: CallOptions = {}): Promise<string | undefined> {
    return jwtSubject(await this.#tokens.get(options.signal));
  }

  /**
   * Live events over Server-Sent Events, resumed after drops; see `SubscribeOptions`.
   *
   * @example
   * const subscription = client.subscribe({
   *   onSnapshot: (snapshot) => render(snapshot),
   *   onEvent: (event) => console.log(event.seq, event.type),
   *   onStateChange: (state) => console.log(state),
   * });
   * // later
   * subscription.close();
   */
  subscribe(handlers: SubscribeHandlers, options: SubscribeOptions = {}): Subscription {
    return subscribe({ url: `${this.apiBase}/v1/me/events`, fetch: this.#fetch, tokens: this.#tokens }, handlers, options);
  }

  async #request<S extends z.ZodMiniType>(schema: S, path: string, options: RequestOptions, retried = false): Promise<z.output<S>> {
    const { signal, method = 'get', searchParams } = options;
    const token = await this.#tokens.get(signal);
    const init: Options = { method, signal, searchParams, headers: { authorization: `Bearer ${token}` } };
    if (method === 'post') init.retry = POST_RETRY;
    let body: string;
    try {
      body = await this.#http(path, init).text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const mapped = await toTrainingError(error);
      // A 401 means the request was not processed, so one retry with a fresh token is safe
      // for every method — if there is another token to be had (`invalidate` says).
      if (!retried && mapped instanceof ApiError && mapped.status === 401 && this.#tokens.invalidate(token)) {
        return this.#request(schema, path, options, true);
      }
      throw mapped;
    }
    return validateJson(schema, body, `${method.toUpperCase()} /${path}`);
  }
}
