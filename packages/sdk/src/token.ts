import { NetworkError } from './errors.ts';
import { apiError } from './http-errors.ts';
import { TokenResponseSchema } from './responses.ts';
import { validateJson } from './validate.ts';

/** What a `tokenProvider` may return: a bare token, or one with its expiry. */
export type ProvidedToken = string | { token: string; expiresAt?: string | Date };

/** How the client gets its widget token. Exactly one of these. */
export type TokenOptions =
  | { /** A fixed token, e.g. rendered into the page by the portal backend. */ token: string }
  | {
      /** Called when a token is needed or has expired; the portal's own session pays for it. */ tokenProvider: (
        signal?: AbortSignal,
      ) => Promise<ProvidedToken>;
    }
  | { /** Fetched with the page's cookies; answers `{ token, expiresAt }` (the CMS case). */ tokenUrl: string };

/** Refresh this long before the token says it expires, so no call races the expiry. */
const EXPIRY_MARGIN_MS = 30_000;

interface Held {
  token: string;
  expiresAt: number;
}

interface Shared {
  held: Promise<Held>;
  controller: AbortController;
  waiting: number;
}

/**
 * Hands out a current widget token. Concurrent callers share one in-flight fetch; a token is
 * refreshed shortly before it expires, or at once after `invalidate` (a 401).
 */
export interface TokenSource {
  get(signal?: AbortSignal): Promise<string>;
  /**
   * Forget `token` (the API refused it): the next `get` fetches a new one. False if there is no
   * other token to be had (a fixed token), so trying again would not help.
   */
  invalidate(token: string): boolean;
}

/** The token source for a client's `TokenOptions`; `fetchImpl` fetches a `tokenUrl`. */
export function tokenSource(options: TokenOptions, fetchImpl: typeof fetch): TokenSource {
  const refreshable = !('token' in options);
  // A fixed token is held for good: there is nothing to fetch, and no expiry would change that.
  let held: Held | undefined = 'token' in options ? { token: options.token, expiresAt: Infinity } : undefined;
  /** The fetch every concurrent caller waits on; aborted once every caller waiting on it has given up. */
  let shared: Shared | undefined;

  const obtain = async (signal: AbortSignal): Promise<Held> => {
    const provided =
      'tokenProvider' in options
        ? await options.tokenProvider(signal)
        : await fromTokenUrl((options as { tokenUrl: string }).tokenUrl, fetchImpl, signal);
    return typeof provided === 'string' ? hold(provided) : hold(provided.token, provided.expiresAt);
  };

  const share = (): Shared => {
    const controller = new AbortController();
    const fetching = { controller, waiting: 0 } as Shared;
    fetching.held = obtain(controller.signal)
      .then((obtained) => (held = obtained))
      .finally(() => {
        if (shared === fetching) shared = undefined;
      });
    return fetching;
  };

  return {
    async get(signal) {
      if (held && held.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return held.token;
      // The fetch is shared, so it must not end with the first caller's signal: each caller stops
      // waiting on its own, and the fetch is aborted only when none is left waiting.
      signal?.throwIfAborted();
      const fetching = (shared ??= share());
      fetching.waiting += 1;
      try {
        return (await unlessAborted(fetching.held, signal)).token;
      } finally {
        if (--fetching.waiting === 0 && signal?.aborted) {
          fetching.controller.abort(signal.reason);
          // The next caller starts afresh, even if the provider ignores the signal and never settles.
          if (shared === fetching) shared = undefined;
        }
      }
    },
    invalidate(token) {
      if (held?.token === token && refreshable) held = undefined;
      return refreshable;
    },
  };
}

/** `{ token, expiresAt }` from a token URL, fetched with the page's cookies. */
async function fromTokenUrl(tokenUrl: string, fetchImpl: typeof fetch, signal: AbortSignal): Promise<ProvidedToken> {
  let response: Response;
  try {
    response = await fetchImpl(tokenUrl, { credentials: 'include', headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw new NetworkError(`Could not fetch a widget token from ${tokenUrl}.`, { cause: error });
  }
  // The token URL's own problem+json, if it sends one; else at least which URL refused.
  if (!response.ok) throw await apiError(response, `GET ${tokenUrl} answered ${response.status}.`);
  return validateJson(TokenResponseSchema, await response.text(), 'The token URL response');
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
  // No expiry, or an unreadable one (NaN): the token's own `exp`.
  return { token, expiresAt: new Date(expiresAt ?? NaN).getTime() || jwtExpiry(token) };
}

/** `exp` of a JWT in ms, without verifying it (the server does that); Infinity if unreadable. */
export function jwtExpiry(token: string): number {
  const exp = jwtClaims(token).exp;
  return typeof exp === 'number' ? exp * 1000 : Infinity;
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
    // `Object()` boxes a payload that is not an object (`null`, a number), which then has no claims.
    return Object(JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')))) as Record<string, unknown>;
  } catch {
    return {};
  }
}
