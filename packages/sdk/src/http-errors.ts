import { isHTTPError, isTimeoutError } from 'ky';
import { ApiError, NetworkError, TimeoutError, type ProblemFieldError } from './errors.ts';

/** Maps what ky or fetch threw onto the SDK's error classes; anything else passes through. */
export async function toTrainingError(error: unknown): Promise<unknown> {
  if (isHTTPError(error)) return apiError(error.response);
  if (isTimeoutError(error)) return new TimeoutError(error.message, { cause: error });
  // fetch rejects with a TypeError when no answer came (offline, DNS, refused, reset, CORS).
  if (error instanceof TypeError) return new NetworkError(error.message, { cause: error });
  return error;
}

/**
 * An `ApiError` from an error response, reading its problem+json body if there is one; `detail`
 * stands in for a body that has none.
 */
export async function apiError(response: Response, detail?: string): Promise<ApiError> {
  return problemError(response.status, await response.json().catch(() => undefined), response.headers, detail);
}

/** An `ApiError` from a problem+json body already read (an error response's, or a stream message's). */
export function problemError(status: number, body: unknown, headers: Headers, detail?: string): ApiError {
  // `Object()` boxes a body that is not an object (none, `null`, a string), which then has no fields.
  const problem = Object(body) as Record<string, unknown>;
  return new ApiError({
    status,
    type: str(problem.type),
    title: str(problem.title),
    detail: str(problem.detail) ?? detail,
    errors: Array.isArray(problem.errors) ? (problem.errors as ProblemFieldError[]) : [],
    requestId: headers.get('x-request-id') ?? undefined,
    headers,
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
