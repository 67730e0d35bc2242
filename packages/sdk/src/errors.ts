import type { ProblemFieldError } from '@siso/training-core';

// One base class; each subclass carries its evidence. `isTrainingError` and friends work across
// realms (two copies of the SDK on one page) because they check a registered symbol, not a class.
const BRAND = Symbol.for('siso.training.error');

/** Base of every error the SDK throws. */
export class TrainingError extends Error {
  override name = 'TrainingError';
  readonly [BRAND] = true;
}

/** A field-level issue of a problem+json `errors` list: core's type of it. */
export type { ProblemFieldError };

/** The API answered with an error status; carries the problem+json body. */
export class ApiError extends TrainingError {
  override name = 'ApiError';
  // `declare`: the constructor sets each, so no field definition need run before it (bundle size).
  declare readonly status: number;
  declare readonly type: string;
  declare readonly title: string;
  declare readonly detail: string | undefined;
  declare readonly errors: readonly ProblemFieldError[];
  declare readonly requestId: string | undefined;
  declare readonly headers: Headers;

  constructor(options: {
    status: number;
    type?: string | undefined;
    title?: string | undefined;
    detail?: string | undefined;
    errors?: readonly ProblemFieldError[] | undefined;
    requestId?: string | undefined;
    headers: Headers;
  }) {
    super(options.detail ?? options.title ?? `HTTP ${options.status}`);
    this.status = options.status;
    this.type = options.type ?? 'about:blank';
    this.title = options.title ?? `HTTP ${options.status}`;
    this.detail = options.detail;
    this.errors = options.errors ?? [];
    this.requestId = options.requestId;
    this.headers = options.headers;
  }
}

/** The request never got an answer: offline, DNS, connection refused or reset. */
export class NetworkError extends TrainingError {
  override name = 'NetworkError';
}

/** The API took longer than the client's `timeout`. */
export class TimeoutError extends TrainingError {
  override name = 'TimeoutError';
}

/** One way in which a response did not match its schema. */
export interface ValidationIssue {
  /** Dotted path into the response, e.g. `modules.3.progress.percent`. */
  path: string;
  code: string;
  message: string;
}

/** The API answered, but not with what this SDK version expects (version skew, a proxy page). */
export class ValidationError extends TrainingError {
  override name = 'ValidationError';
  declare readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[]) {
    const first = issues[0];
    super(`${what} did not match the expected shape${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`);
    this.issues = issues;
  }
}

const isBranded = (value: unknown): value is TrainingError =>
  typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;

export const isTrainingError = (value: unknown): value is TrainingError => isBranded(value);
export const isApiError = (value: unknown): value is ApiError => isBranded(value) && value.name === 'ApiError';
export const isNetworkError = (value: unknown): value is NetworkError => isBranded(value) && value.name === 'NetworkError';
export const isTimeoutError = (value: unknown): value is TimeoutError => isBranded(value) && value.name === 'TimeoutError';
export const isValidationError = (value: unknown): value is ValidationError => isBranded(value) && value.name === 'ValidationError';

/** `error` if it is one of the SDK's, else a `NetworkError` carrying it: what handlers are told. */
export const asTrainingError = (error: unknown): TrainingError =>
  isBranded(error) ? error : new NetworkError(String(error), { cause: error });
