// API benchmark on PostgreSQL: GET /v1/me/training (widget token, snapshot) against a bare Hono
// JSON route in the same run, 50 connections. Targets: ratio ≥ 0.4, p99 ≤ 20 ms.
// `npm run bench -- api` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import type { Row } from './lib/report.ts';
import { snapshotVsBare } from './lib/snapshot-vs-bare.ts';

await snapshotVsBare({
  bench: 'api',
  env: {
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? 'bench_api',
    // One token drives all 50 connections; the per-credential limit would measure itself.
    RATE_LIMIT_PER_SECOND: '1000000000',
    RATE_LIMIT_BURST: '1000000000',
    SERVICE_RATE_LIMIT_PER_SECOND: '1000000000',
    SERVICE_RATE_LIMIT_BURST: '1000000000',
    SWEEP_INTERVAL_SECONDS: '0',
  },
  connections: 50,
  durationMs: Number(process.env.BENCH_DURATION_MS ?? 10_000),
  warmMs: 2_000,
  targetRows: ({ ratio, p99Ms }): Row[] => [
    { route: `target ratio ≥ 0.4: ${ratio >= 0.4 ? 'met' : 'MISSED'}` },
    { route: `target p99 ≤ 20 ms: ${p99Ms <= 20 ? 'met' : 'MISSED'}`, 'p99 ms': p99Ms },
  ],
});
