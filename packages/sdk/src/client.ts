import { TrainingSnapshotSchema, type TrainingSnapshot } from '@siso/training-core';
import ky, { isHTTPError, isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type { z } from 'zod/mini';
import { ApiError, NetworkError, TimeoutError, type ProblemFieldError } from './errors.ts';
import { TokenSource, type TokenOptions } from './token.ts';
import { validate } from './validate.ts';

export type TrainingClientOptions = TokenOptions & {
  /** Where the API lives, e.g. `https://training.example.com`. */
  apiBase: string;
  /** A `fetch` to use instead of the global one (tests, instrumentation). */
  fetch?: typeof fetch;
  /** Per-attempt timeout in ms; default 10 s. */
  timeout?: number;
  /** Retries for idempotent calls on network errors, 408, 429, 5xx; default 2. */
  maxRetries?: number;
};

export interface CallOptions {
  signal?: AbortSignal;
}

interface RequestOptions extends CallOptions {
  method?: 'get' | 'post';
  json?: unknown;
}

/**
 * Typed access to the partner-facing API with a widget token.
 *
 * @example
 * const client = new TrainingClient({ apiBase: 'https://training.example.com', tokenUrl: '/portal/widget-token' });
 * const snapshot = await client.getTraining();
 * console.log(`${snapshot.summary.modulesCompleted} of ${snapshot.summary.modulesTotal} modules`);
 */
export class TrainingClient {
  readonly apiBase: string;
  readonly #http: KyInstance;
  readonly #tokens: TokenSource;

  constructor(options: TrainingClientOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '');
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#tokens = new TokenSource(options, fetchImpl);
    this.#http = ky.create({
      prefix: this.apiBase,
      fetch: fetchImpl,
      timeout: options.timeout ?? 10_000,
      // ky retries only idempotent methods by default, honouring Retry-After on 429/503.
      retry: { limit: options.maxRetries ?? 2, backoffLimit: 5_000 },
      headers: { accept: 'application/json' },
    });
  }

  /** The partner's whole training picture in one round trip. */
  getTraining(options: CallOptions = {}): Promise<TrainingSnapshot> {
    return this.#request(TrainingSnapshotSchema, '/v1/me/training', options);
  }

  async #request<S extends z.ZodMiniType>(schema: S, path: string, options: RequestOptions): Promise<z.output<S>> {
    const body = await this.#send(path, options, true);
    return validate(schema, body, `${(options.method ?? 'get').toUpperCase()} ${path}`);
  }

  async #send(path: string, options: RequestOptions, mayRefresh: boolean): Promise<unknown> {
    const token = await this.#tokens.get(options.signal);
    try {
      return await this.#http(path.replace(/^\//, ''), {
        method: options.method ?? 'get',
        headers: { authorization: `Bearer ${token}` },
        ...(options.json === undefined ? {} : { json: options.json }),
        ...(options.signal ? { signal: options.signal } : {}),
      }).json();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      const mapped = await toTrainingError(error);
      // A 401 means the request was not processed, so one retry with a fresh token is safe
      // for every method.
      if (mapped instanceof ApiError && mapped.status === 401 && mayRefresh && this.#tokens.refreshable) {
        this.#tokens.invalidate(token);
        return this.#send(path, options, false);
      }
      throw mapped;
    }
  }
}

async function toTrainingError(error: unknown): Promise<unknown> {
  if (isHTTPError(error)) {
    const problem = (typeof error.data === 'object' && error.data !== null ? error.data : {}) as Record<string, unknown>;
    return new ApiError({
      status: error.response.status,
      type: str(problem.type),
      title: str(problem.title),
      detail: str(problem.detail),
      errors: Array.isArray(problem.errors) ? (problem.errors as ProblemFieldError[]) : [],
      requestId: error.response.headers.get('x-request-id') ?? undefined,
      headers: error.response.headers,
    });
  }
  if (isTimeoutError(error)) return new TimeoutError(error.message, { cause: error });
  if (isNetworkError(error)) return new NetworkError(error.message, { cause: error });
  return error;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
