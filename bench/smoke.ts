// Smoke benchmark on the embedded database: GET /v1/me/training against a bare Hono JSON route,
// in the same run, with both figures and their ratio. `npm run bench -- smoke`
import { snapshotVsBare } from './lib/snapshot-vs-bare.ts';

await snapshotVsBare({
  bench: 'smoke',
  env: {
    RATE_LIMIT_PER_SECOND: '1000000000',
    RATE_LIMIT_BURST: '1000000000',
    SERVICE_RATE_LIMIT_PER_SECOND: '1000000000',
    SERVICE_RATE_LIMIT_BURST: '1000000000',
    SWEEP_INTERVAL_SECONDS: '0',
  },
  connections: 10,
  durationMs: Number(process.env.BENCH_DURATION_MS ?? 5_000),
  warmMs: 1_000,
});
