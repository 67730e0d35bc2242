// Does `npm test` hold on a busy machine? Clones this repository's HEAD afresh, installs it as CI
// does, then runs the whole suite `--runs` times in a row while `--hogs` CPU-bound processes spin
// beside it. Prints each run's verdict and duration, then one JSON line.
//   node scripts/busy-test.ts                    3 runs, 2 hogs
//   node scripts/busy-test.ts --runs 1 --hogs 0  the quiet baseline
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, hogs: { type: 'string', default: '2' }, keep: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const hogs = Number(values.hogs);
const repo = resolve(import.meta.dirname, '..');

const work = mkdtempSync(join(tmpdir(), 'siso-busy-'));
const clone = join(work, 'repo');
const run = (cmd: string, args: string[], cwd: string) =>
  spawnSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, CI: 'true' } }).status === 0;
if (!run('git', ['clone', '--quiet', repo, clone], work)) throw new Error('git clone failed');
// The docs beside the repository (../shared) are what CI has beside its clone too.
symlinkSync(join(dirname(repo), 'shared'), join(work, 'shared'));
if (!run('npm', ['ci', '--no-audit', '--no-fund'], clone)) throw new Error('npm ci failed');

const spinners: ChildProcess[] = Array.from({ length: hogs }, () => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
const results: { run: number; ok: boolean; seconds: number }[] = [];
try {
  for (let i = 1; i <= runs; i += 1) {
    const started = performance.now();
    const ok = run('npm', ['test'], clone);
    results.push({ run: i, ok, seconds: Math.round((performance.now() - started) / 1000) });
    console.log(`\n=== run ${i} of ${runs} (${hogs} CPU hogs): ${ok ? 'passed' : 'FAILED'} in ${results.at(-1)!.seconds} s ===\n`);
  }
} finally {
  for (const s of spinners) s.kill();
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}

console.log('run  verdict  seconds');
for (const r of results) console.log(`${String(r.run).padEnd(4)} ${(r.ok ? 'passed' : 'FAILED').padEnd(8)} ${r.seconds}`);
console.log(
  JSON.stringify({ bench: 'busy-test', hogs, runs, passed: results.filter((r) => r.ok).length, seconds: results.map((r) => r.seconds) }),
);
process.exit(results.every((r) => r.ok) ? 0 : 1);
