import { load } from './load.ts';
import { report, type Row } from './report.ts';
import { spawnBenchServer } from './spawn-bench-server.ts';

export interface SnapshotVsBareOptions {
  bench: string;
  /** Environment of the server process (database, limits). */
  env?: Record<string, string>;
  connections: number;
  durationMs: number;
  warmMs: number;
  /** Extra table rows, e.g. the targets. */
  targetRows?: (figures: { ratio: number; p99Ms: number }) => Row[];
}

/**
 * GET /v1/me/training against a bare Hono JSON route on the same runtime, in the same run, so
 * the ratio says what auth, storage and the snapshot cost. Prints the table and the JSON line.
 */
export async function snapshotVsBare({
  bench,
  env = {},
  connections,
  durationMs,
  warmMs,
  targetRows,
}: SnapshotVsBareOptions): Promise<void> {
  const server = await spawnBenchServer(env);
  try {
    const training = { url: `${server.url}/v1/me/training`, headers: { authorization: `Bearer ${server.token}` }, connections };
    const bareRoute = { url: `${server.bareUrl}/json`, connections };
    // Warm both paths (JIT, connection pool, caches) before measuring.
    await load({ ...bareRoute, durationMs: warmMs });
    await load({ ...training, durationMs: warmMs });

    const bare = await load({ ...bareRoute, durationMs });
    const api = await load({ ...training, durationMs });
    const ratio = api.rps / bare.rps;
    report(
      bench,
      [
        { route: 'bare Hono JSON', 'req/s': Math.round(bare.rps), 'p50 ms': bare.p50Ms, 'p99 ms': bare.p99Ms, errors: bare.errors },
        {
          route: `GET /v1/me/training (${server.database})`,
          'req/s': Math.round(api.rps),
          'p50 ms': api.p50Ms,
          'p99 ms': api.p99Ms,
          errors: api.errors,
        },
        { route: 'ratio (training / bare)', 'req/s': Number(ratio.toFixed(3)) },
        ...(targetRows?.({ ratio, p99Ms: api.p99Ms }) ?? []),
      ],
      {
        rps: Math.round(api.rps),
        bare_rps: Math.round(bare.rps),
        ratio: Number(ratio.toFixed(3)),
        p99_ms: Number(api.p99Ms.toFixed(2)),
        connections,
      },
    );
  } finally {
    server.stop();
  }
}
