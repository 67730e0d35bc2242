/** One thing wrong with an input: where (`path`), which rule (`code`) and its figures. */
export interface Issue {
  path: (string | number)[];
  code: string;
  params: Record<string, unknown>;
}

/** Base of every error `@siso/training-core` throws. */
export class CoreError extends Error {
  override name = 'CoreError';
}

/**
 * A tier policy that breaks the schema or one of the rules `parsePolicy` checks. The server turns
 * `issues` into the `errors` of its problem+json response.
 */
export class PolicyValidationError extends CoreError {
  override name = 'PolicyValidationError';
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    const first = issues[0];
    super(first ? `invalid tier policy: ${first.code} at ${first.path.join('.') || '(root)'}` : 'invalid tier policy');
    this.issues = issues;
  }
}

/** Checks by `name` as well, so an error from another copy of this package is recognised. */
export function isPolicyValidationError(error: unknown): error is PolicyValidationError {
  return (
    error instanceof PolicyValidationError ||
    (error instanceof Error && error.name === 'PolicyValidationError' && Array.isArray((error as { issues?: unknown }).issues))
  );
}
