/**
 * Where the server reads the time of day: certificate expiry and warnings, grace periods, the
 * sweep that turns them into events, token lifetimes and signature timestamps all ask the one
 * clock in `Services`. Timers that measure durations (heartbeats, retries, shutdown grace) do
 * not: they run on the event loop's own time. Tests pass a clock they move (`ManualClock` in
 * `@siso/training-server/testing`).
 */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };
