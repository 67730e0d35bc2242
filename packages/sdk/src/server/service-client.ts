import {
  IngestResponseSchema,
  PartnerDetailSchema,
  ProgramChangeSchema,
  PolicyPreviewSchema,
  PolicyUpdateResponseSchema,
  SIGNATURE_HEADER,
  WidgetTokenResponseSchema,
  type IngestEvent,
  type IngestResponse,
  type PartnerDetail,
  type PartnerUpsert,
  type ProgramChange,
  type PolicyInput,
  type PolicyPreview,
  type PolicyPreviewRequest,
  type PolicyUpdateResponse,
  type WidgetTokenRequest,
  type WidgetTokenResponse,
} from '@siso/training-core';
import ky, { type KyInstance, type Options } from 'ky';
import type { z } from 'zod/mini';
import type { CallOptions } from '../client.ts';
import { toTrainingError } from '../http-errors.ts';
import { validate } from '../validate.ts';
import { signBody } from './signature.ts';

export interface ServiceClientOptions {
  /** Where the API lives, e.g. `https://training.example.com`. */
  apiBase: string;
  /** A service key (`sk_…`): `portal` to mint tokens and manage partners, `training` to ingest, or `admin`. */
  key: string;
  /** The shared secret ingestion bodies are signed with (training systems only). */
  signingSecret?: string;
  /** Where a signature's timestamp comes from; default the system clock. */
  clock?: { now(): Date };
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms; default 10 s. */
  timeout?: number;
  /** Retries of idempotent calls; default 2. */
  maxRetries?: number;
}

/**
 * Server-side calls with a service key: never ship this to a browser — the key is a secret.
 * Imported from `@siso/training-sdk/server`, which the browser entry never references.
 *
 * @example
 * const portal = new ServiceClient({ apiBase: 'https://training.example.com', key: process.env.SISO_PORTAL_KEY! });
 * const { token, expiresAt } = await portal.mintWidgetToken({ partnerId: 'northwind', ttlSeconds: 600 });
 */
export class ServiceClient {
  readonly apiBase: string;
  readonly #http: KyInstance;
  readonly #signingSecret: string | undefined;
  readonly #clock: { now(): Date };

  constructor(options: ServiceClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    this.#signingSecret = options.signingSecret;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.#http = ky.create({
      prefixUrl: this.apiBase,
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      timeout: options.timeout ?? 10_000,
      retry: { limit: options.maxRetries ?? 2, backoffLimit: 5_000 },
      headers: { accept: 'application/json', authorization: `Bearer ${options.key}` },
    });
  }

  /** A short-lived widget token for one partner (portal key), to hand to that partner's page. */
  mintWidgetToken(request: WidgetTokenRequest, options: CallOptions = {}): Promise<WidgetTokenResponse> {
    return this.#call(WidgetTokenResponseSchema, 'post', 'v1/widget-tokens', { ...options, json: request });
  }

  /**
   * Sends training-system events (training key), signed. Each event is applied at most once, keyed
   * by its `id`, so the batch is retried after network errors and 5xx like an idempotent call;
   * each retry is signed again, so a late one (after a long `Retry-After`) is not refused as stale.
   */
  async sendIngestEvents(events: readonly IngestEvent[], options: CallOptions = {}): Promise<IngestResponse> {
    const secret = this.#signingSecret;
    if (!secret) throw new TypeError('sendIngestEvents needs the `signingSecret` option.');
    const body = JSON.stringify({ events });
    const sign = () => signBody({ secret, body, timestamp: Math.floor(this.#clock.now().getTime() / 1000) });
    return this.#call(IngestResponseSchema, 'post', 'v1/ingest/events', {
      ...options,
      body,
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: await sign() },
      retry: { methods: ['post'] },
      hooks: {
        beforeRetry: [
          async ({ request }) => {
            request.headers.set(SIGNATURE_HEADER, await sign());
          },
        ],
      },
    });
  }

  /** Creates or updates a partner record (portal key); answers the record with its new evaluation. */
  upsertPartner(partnerId: string, partner: PartnerUpsert, options: CallOptions = {}): Promise<PartnerDetail> {
    return this.#call(PartnerDetailSchema, 'put', `v1/partners/${encodeURIComponent(partnerId)}`, { ...options, json: partner });
  }

  /** Any partner's record and current evaluation (portal or admin key). */
  getPartner(partnerId: string, options: CallOptions = {}): Promise<PartnerDetail> {
    return this.#call(PartnerDetailSchema, 'get', `v1/partners/${encodeURIComponent(partnerId)}`, options);
  }

  /**
   * Stores a new tier policy version (admin key) and answers at once with it and its change, which
   * re-evaluates every partner in the background: follow it with `getProgramChange(change.id)`.
   * `force` stores a policy that is unusual but valid. Not retried: a retry after a lost answer
   * would be refused with 409 while the first change runs.
   */
  updatePolicy(policy: PolicyInput, { force = false, ...options }: CallOptions & { force?: boolean } = {}): Promise<PolicyUpdateResponse> {
    return this.#call(PolicyUpdateResponseSchema, 'put', 'v1/policy', {
      ...options,
      json: policy,
      retry: 0,
      ...(force ? { searchParams: { force: 'true' } } : {}),
    });
  }

  /** How far a program change (policy, catalog, evaluation) has come (portal or admin key): `done` of `total`, whom it moved, `state`. */
  getProgramChange(id: number, options: CallOptions = {}): Promise<ProgramChange> {
    return this.#call(ProgramChangeSchema, 'get', `v1/changes/${id}`, options);
  }

  /**
   * What a candidate policy and/or catalog changes would do to every partner, writing nothing
   * (admin key): the summary and the first `limit` affected partners; `cursor` (a previous
   * answer's `next`, with the same request) continues the list at that answer's `now`. Retried
   * like an idempotent call, since it stores nothing.
   */
  previewPolicy(
    request: PolicyPreviewRequest,
    { cursor, limit, ...options }: CallOptions & { cursor?: string; limit?: number } = {},
  ): Promise<PolicyPreview> {
    const searchParams = { ...(cursor === undefined ? {} : { cursor }), ...(limit === undefined ? {} : { limit: String(limit) }) };
    return this.#call(PolicyPreviewSchema, 'post', 'v1/policy/preview', {
      ...options,
      json: request,
      searchParams,
      retry: { methods: ['post'] },
    });
  }

  async #call<S extends z.ZodMiniType>(
    schema: S,
    method: 'get' | 'post' | 'put',
    path: string,
    options: CallOptions & Options,
  ): Promise<z.output<S>> {
    let body: unknown;
    try {
      body = await this.#http(path, { ...options, method }).json();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw await toTrainingError(error);
    }
    return validate(schema, body, `${method.toUpperCase()} /${path}`);
  }
}
