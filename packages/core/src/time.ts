const DAY_MS = 86_400_000;

// Timestamps repeat across evaluations (the same certificates are evaluated again and again) and
// Date.parse costs more than the rest of an evaluation, so parsed values are remembered. The
// bound keeps a long-running server from growing without limit.
const parsed = new Map<string, number>();
const PARSED_LIMIT = 50_000;

/** Milliseconds since the epoch of an ISO 8601 timestamp; NaN when it does not parse. */
export function toMillis(iso: string): number {
  let ms = parsed.get(iso);
  if (ms === undefined) {
    ms = Date.parse(iso);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(iso, ms);
  }
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function addDays(ms: number, days: number): number {
  return ms + days * DAY_MS;
}

/**
 * `issuedAt` plus `months` calendar months (UTC). A day that does not exist in the target month
 * is clamped to its last day (31 January + 1 month = 28/29 February), never rolled over.
 */
export function addMonths(iso: string, months: number): string {
  const d = new Date(toMillis(iso));
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}
