/**
 * A reason the server (or a CLI) cannot start that one line tells the operator: printed as is,
 * without a stack, and the process exits 1.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
