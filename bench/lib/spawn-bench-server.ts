import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  url: string;
  bareUrl: string;
  token: string;
  database: string;
  /** The server process, e.g. to read its peak memory from /proc/<pid>/status. */
  pid: number;
  stop(): void;
}

/**
 * Starts bench-server.ts in its own process. `BENCH_CPU_PROF=<dir>` profiles it (`--cpu-prof`):
 * the profile is written when `stop()` ends it.
 */
export async function spawnBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const script = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
  const profile = process.env.BENCH_CPU_PROF;
  const child = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    ...(JSON.parse(first) as Omit<BenchServer, 'stop' | 'pid'>),
    pid: child.pid!,
    stop: () => child.kill(profile ? 'SIGTERM' : 'SIGKILL'),
  };
}
