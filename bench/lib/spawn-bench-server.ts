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

/** Starts bench-server.ts in its own process (optionally pinned to one CPU with taskset). */
export async function spawnBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const script = fileURLToPath(new URL('./bench-server.ts', import.meta.url));
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { ...(JSON.parse(first) as Omit<BenchServer, 'stop' | 'pid'>), pid: child.pid!, stop: () => child.kill('SIGKILL') };
}
