// Smoke benchmark: GET /v1/me/training (auth, three queries, JSON) against a bare Hono JSON
// route on the same runtime, in the same run. `npm run bench -- smoke`
import { load } from './lib/load.ts';
import { report } from './lib/report.ts';
import { spawnBenchServer } from './lib/spawn-bench-server.ts';

const connections = 10;
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5_000);
const server = await spawnBenchServer();
try {
  // Warm both paths (JIT, PGlite caches) before measuring.
  await load({ url: `${server.bareUrl}/json`, connections, durationMs: 1_000 });
  await load({ url: `${server.url}/v1/me/training`, headers: { authorization: `Bearer ${server.token}` }, connections, durationMs: 1_000 });

  const bare = await load({ url: `${server.bareUrl}/json`, connections, durationMs });
  const training = await load({ url: `${server.url}/v1/me/training`, headers: { authorization: `Bearer ${server.token}` }, connections, durationMs });
  const ratio = training.rps / bare.rps;
  report(
    'smoke',
    [
      { route: 'bare Hono JSON', 'req/s': Math.round(bare.rps), 'p50 ms': bare.p50Ms, 'p99 ms': bare.p99Ms, errors: bare.errors },
      { route: `GET /v1/me/training (${server.database})`, 'req/s': Math.round(training.rps), 'p50 ms': training.p50Ms, 'p99 ms': training.p99Ms, errors: training.errors },
      { route: 'ratio (training / bare)', 'req/s': Number(ratio.toFixed(3)) },
    ],
    { rps: Math.round(training.rps), bare_rps: Math.round(bare.rps), ratio: Number(ratio.toFixed(3)), p99_ms: Number(training.p99Ms.toFixed(2)), connections },
  );
} finally {
  server.stop();
}
