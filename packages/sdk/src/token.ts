import * as z from 'zod/mini';
import { ApiError, NetworkError } from './errors.ts';
import { validate } from './validate.ts';

/** What a `tokenProvider` may return: a bare token, or one with its expiry. */
export type ProvidedToken = string | { token: string; expiresAt?: string | Date };

/** How the client gets its widget token. Exactly one of these. */
export type TokenOptions =
  | { /** A fixed token, e.g. rendered into the page by the portal backend. */ token: string }
  | { /** Called when a token is needed or has expired; the portal's own session pays for it. */ tokenProvider: (signal?: AbortSignal) => Promise<ProvidedToken> }
  | { /** Fetched with the page's cookies; answers `{ token, expiresAt }` (the CMS case). */ tokenUrl: string };

const TokenResponseSchema = z.object({ token: z.string().check(z.minLength(1)), expiresAt: z.optional(z.string()) });

/** Refresh this long before the token says it expires, so no call races the expiry. */
const EXPIRY_MARGIN_MS = 30_000;

interface Held {
  token: string;
  expiresAt: number;
}

/** The token fetch every concurrent caller waits on. */
interface Fetching {
  held: Promise<Held>;
  /** Aborts the fetch, once every caller waiting on it has given up. */
  controller: AbortController;
  waiting: number;
}

/**
 * Hands out a current widget token. Concurrent callers share one in-flight fetch; a token is
 * refreshed shortly before it expires, or at once after `invalidate` (a 401).
 */
export class TokenSource {
  readonly #options: TokenOptions;
  readonly #fetch: typeof fetch;
  #held: Held | undefined;
  #fetching: Fetching | undefined;

  constructor(options: TokenOptions, fetchImpl: typeof fetch) {
    this.#options = options;
    this.#fetch = fetchImpl;
  }

  /** Whether a refresh can produce a different token (a fixed token cannot). */
  get refreshable(): boolean {
    return !('token' in this.#options);
  }

  async get(signal?: AbortSignal): Promise<string> {
    const held = this.#held;
    if (held && held.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return held.token;
    if (held && !this.refreshable) return held.token;
    // The fetch is shared, so it must not end with the first caller's signal: each caller stops
    // waiting on its own, and the fetch is aborted only when none is left waiting.
    signal?.throwIfAborted();
    const fetching = (this.#fetching ??= this.#begin());
    fetching.waiting += 1;
    try {
      return (await unlessAborted(fetching.held, signal)).token;
    } finally {
      if (--fetching.waiting === 0 && signal?.aborted) {
        fetching.controller.abort(signal.reason);
        // The next caller starts afresh, even if the provider ignores the signal and never settles.
        if (this.#fetching === fetching) this.#fetching = undefined;
      }
    }
  }

  /** Forget `token` (the API refused it); the next `get` fetches a new one. */
  invalidate(token: string): void {
    if (this.#held?.token === token && this.refreshable) this.#held = undefined;
  }

  #begin(): Fetching {
    const controller = new AbortController();
    const fetching = { controller, waiting: 0 } as Fetching;
    fetching.held = this.#obtain(controller.signal)
      .then((obtained) => (this.#held = obtained))
      .finally(() => {
        if (this.#fetching === fetching) this.#fetching = undefined;
      });
    return fetching;
  }

  async #obtain(signal: AbortSignal): Promise<Held> {
    const options = this.#options;
    if ('token' in options) return hold(options.token);
    if ('tokenProvider' in options) {
      const provided = await options.tokenProvider(signal);
      return typeof provided === 'string' ? hold(provided) : hold(provided.token, provided.expiresAt);
    }
    let response: Response;
    try {
      response = await this.#fetch(options.tokenUrl, {
        credentials: 'include',
        headers: { accept: 'application/json' },
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new NetworkError(`Could not fetch a widget token from ${options.tokenUrl}.`, { cause: error });
    }
    if (!response.ok) {
      throw new ApiError({ status: response.status, title: 'Token request refused', detail: `GET ${options.tokenUrl} answered ${response.status}.`, headers: response.headers });
    }
    const body = validate(TokenResponseSchema, await response.json(), 'The token URL response');
    return hold(body.token, body.expiresAt);
  }
}

/** `promise`, or a rejection with `signal`'s reason as soon as it aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function hold(token: string, expiresAt?: string | Date): Held {
  const explicit = expiresAt === undefined ? Number.NaN : new Date(expiresAt).getTime();
  return { token, expiresAt: Number.isFinite(explicit) ? explicit : jwtExpiry(token) };
}

/** `exp` of a JWT in ms, without verifying it (the server does that); Infinity if unreadable. */
export function jwtExpiry(token: string): number {
  const exp = jwtClaims(token).exp;
  return typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY;
}

/** The partner a widget token names (its `sub`), or undefined if the token is not a readable JWT. */
export function jwtSubject(token: string): string | undefined {
  const sub = jwtClaims(token).sub;
  return typeof sub === 'string' ? sub : undefined;
}

function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    const claims: unknown = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
