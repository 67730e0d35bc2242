/** How long to wait between reconnects. */
export interface BackoffOptions {
  /** The first delay in ms; the server's `retry:` hint raises it. Default 1 s. */
  initial?: number;
  /** The longest delay in ms. Default 30 s. */
  max?: number;
}

/**
 * The delay before reconnect number `attempt` (1-based): exponential from `initial`, capped at
 * `max`, with "equal jitter" — half of it fixed, half random — so that the widgets of every open
 * page, dropped together by a server restart, do not all come back in the same instant, and none
 * comes back at once. `atLeast` (a Retry-After) is a floor that jitter never undercuts.
 *
 * @example
 * backoffDelay(3, { initial: 1_000, max: 30_000 }) // between 2 and 4 seconds
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, atLeast = 0, random: () => number = Math.random): number {
  const { initial = 1_000, max = 30_000 } = options;
  const ceiling = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.max(atLeast, ceiling / 2 + (random() * ceiling) / 2);
}
