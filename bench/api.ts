// API benchmark on PostgreSQL: GET /v1/me/training (widget token, snapshot) against a bare Hono
// JSON route in the same run, 50 connections. Targets: ratio ≥ 0.4, p99 ≤ 20 ms.
// `npm run bench -- api` (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test).
import { load } from './lib/load.ts';
import { report } from './lib/report.ts';
import { spawnBenchServer } from './lib/spawn-bench-server.ts';

const connections = 50;
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const server = await spawnBenchServer({
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  DATABASE_SCHEMA: process.env.DATABASE_SCHEMA ?? 'bench_api',
  // One token drives all 50 connections; the per-credential limit would measure itself.
  RATE_LIMIT_PER_SECOND: '1000000000',
  RATE_LIMIT_BURST: '1000000000',
  SWEEP_INTERVAL_SECONDS: '0',
});
try {
  const training = { url: `${server.url}/v1/me/training`, headers: { authorization: `Bearer ${server.token}` }, connections };
  const bareRoute = { url: `${server.bareUrl}/json`, connections };
  // Warm both paths (JIT, connection pool, caches) before measuring.
  await load({ ...bareRoute, durationMs: 2_000 });
  await load({ ...training, durationMs: 2_000 });

  const bare = await load({ ...bareRoute, durationMs });
  const api = await load({ ...training, durationMs });
  const ratio = api.rps / bare.rps;
  report(
    'api',
    [
      { route: 'bare Hono JSON', 'req/s': Math.round(bare.rps), 'p50 ms': bare.p50Ms, 'p99 ms': bare.p99Ms, errors: bare.errors },
      { route: `GET /v1/me/training (${server.database})`, 'req/s': Math.round(api.rps), 'p50 ms': api.p50Ms, 'p99 ms': api.p99Ms, errors: api.errors },
      { route: 'ratio (training / bare), target ≥ 0.4', 'req/s': Number(ratio.toFixed(3)) },
      { route: 'p99 target ≤ 20 ms', 'p99 ms': api.p99Ms },
    ],
    { rps: Math.round(api.rps), bare_rps: Math.round(bare.rps), ratio: Number(ratio.toFixed(3)), p99_ms: Number(api.p99Ms.toFixed(2)) },
  );
} finally {
  server.stop();
}
