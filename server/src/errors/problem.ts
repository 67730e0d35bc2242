import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One field-level issue of a rejected input. */
export interface ProblemFieldError {
  /** JSON pointer into the input, e.g. `/modules/0/id`. */
  pointer: string;
  code: string;
  detail: string;
  /** On a refused policy: whether an admin may store it anyway by forcing it. */
  forceable?: boolean;
}

export interface ProblemOptions {
  status: ContentfulStatusCode;
  /** Short, stable slug; becomes `type` as `https://siso.training/problems/<slug>`. */
  slug: string;
  title: string;
  detail?: string;
  errors?: ProblemFieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

export const PROBLEM_BASE = 'https://docs.siso.example/problems/';

/**
 * The server's one error class: anything thrown as a `Problem` reaches the client as
 * `application/problem+json` (RFC 9457) with its status; anything else becomes a bare 500.
 *
 * @example
 * throw new Problem({ status: 404, slug: 'not-found', title: 'Not found', detail: `No module "${id}".` });
 */
export class Problem extends Error {
  override name = 'Problem';
  readonly status: ContentfulStatusCode;
  readonly slug: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(options: ProblemOptions) {
    super(options.detail ?? options.title, { cause: options.cause });
    this.status = options.status;
    this.slug = options.slug;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  toJSON(instance?: string) {
    return {
      type: `${PROBLEM_BASE}${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(instance === undefined ? {} : { instance }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }

  toResponse(instance?: string): Response {
    return new Response(JSON.stringify(this.toJSON(instance)), {
      status: this.status,
      headers: { 'content-type': 'application/problem+json', ...this.headers },
    });
  }
}

export function isProblem(value: unknown): value is Problem {
  return value instanceof Problem || (value instanceof Error && value.name === 'Problem' && 'toResponse' in value);
}

export const unauthorized = (detail: string) =>
  new Problem({
    status: 401,
    slug: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'www-authenticate': 'Bearer realm="siso-training"' },
  });

export const notFound = (detail: string) => new Problem({ status: 404, slug: 'not-found', title: 'Not found', detail });

export const forbidden = (detail: string) => new Problem({ status: 403, slug: 'forbidden', title: 'Forbidden', detail });

export const conflict = (slug: string, detail: string) => new Problem({ status: 409, slug, title: 'Conflict', detail });

/** Input that breaks its schema: every field issue is listed. */
export const invalidInput = (errors: ProblemFieldError[], detail = 'The request does not match the schema; see errors.') =>
  new Problem({ status: 400, slug: 'validation', title: 'Invalid request', detail, errors });

export const unavailable = (detail: string, cause?: unknown) =>
  new Problem({ status: 503, slug: 'unavailable', title: 'Service unavailable', detail, cause, headers: { 'retry-after': '5' } });
