// CPU time spent by processes, from /proc (Linux): where a benchmark's wall time went — the
// node, the database — on a machine whose other work makes wall time alone hard to read.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds of process `pid` so far; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The processes whose command is `name` (e.g. `postgres`: the server and its backends). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return pids;
}

/**
 * CPU seconds the processes named `name` spend from now until the returned function is called
 * (those that exit in between are not counted; the database's pooled backends stay).
 *
 * @example
 * const databaseCpu = cpuSince('postgres');
 * await work();
 * databaseCpu(); // 12.3
 */
export function cpuSince(name: string): () => number {
  const before = new Map(pidsNamed(name).map((pid) => [pid, processCpuSeconds(pid)]));
  return () => pidsNamed(name).reduce((sum, pid) => sum + processCpuSeconds(pid) - (before.get(pid) ?? 0), 0);
}
