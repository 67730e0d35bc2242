// `npm test`: every suite, in order, with one tally at the end.
//   node scripts/test.ts                 everything
//   node scripts/test.ts unit pg         only the named steps
// Steps: typecheck, lint (`npm run lint`: oxlint and oxfmt --check), build, packages (publint), unit
// (vitest: core, sdk, server on PGlite), pg (the server suite on PostgreSQL), browser
// (web-test-runner in Chromium), e2e (playwright-core).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hasChromium, chromiumPath } from './chromium.ts';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`Node ${process.versions.node} is too old: run through npm (the repo pins Node 24 as a dev dependency).`);
  process.exit(1);
}

const ci = Boolean(process.env.CI);
const bin = (name: string) => join('node_modules', '.bin', name);
const tally = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

interface Step {
  name: string;
  run(): Promise<boolean>;
}

function exec(cmd: string, args: string[], env: Record<string, string> = {}): boolean {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** Runs vitest projects and adds their counts to the tally. */
function vitest(projects: string[], env: Record<string, string> = {}): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'siso-vitest-'));
  const out = join(dir, 'report.json');
  const ok = exec(
    bin('vitest'),
    ['run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
    env,
  );
  try {
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    tally.passed += report.numPassedTests;
    tally.failed += report.numFailedTests;
    tally.skipped += report.numPendingTests + report.numTodoTests;
  } catch {
    tally.failed += 1; // the run died before writing its report
  }
  rmSync(dir, { recursive: true, force: true });
  return ok;
}

function skipOrFail(message: string): boolean {
  if (ci) {
    console.error(`\n!!! ${message} — CI is set, so this fails the run.\n`);
    return false;
  }
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  tally.skipped += 1;
  return true;
}

async function postgresReachable(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

const steps: Step[] = [
  { name: 'typecheck', run: async () => exec(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']) },
  {
    name: 'lint',
    run: async () => exec('npm', ['run', '--silent', 'lint']),
  },
  { name: 'build', run: async () => exec('npm', ['run', '--silent', 'build']) },
  // What npm would publish: exports, types and files of each package (after the build).
  { name: 'packages', run: async () => ['core', 'sdk', 'elements'].every((p) => exec(bin('publint'), ['--strict', `packages/${p}`])) },
  { name: 'unit', run: async () => vitest(['core', 'sdk', 'server']) },
  {
    name: 'pg',
    run: async () => {
      const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const problem = await postgresReachable(url);
      if (problem) return skipOrFail(`PostgreSQL at ${url} is unreachable (${problem}); the server suite did not run on PostgreSQL`);
      return vitest(['server'], { SISO_TEST_DATABASE: 'postgres', TEST_DATABASE_URL: url });
    },
  },
  {
    name: 'browser',
    run: async () => {
      if (!hasChromium())
        return skipOrFail(`Chromium is not installed at ${chromiumPath()} (apt-get install -y chromium); browser tests did not run`);
      const result = spawnSync(bin('wtr'), ['--config', 'web-test-runner.config.mjs'], {
        encoding: 'utf8',
        env: process.env,
        maxBuffer: 64 * 1024 * 1024,
      });
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      // wtr's summary shares a line with a progress bar; its last "N passed, N failed" is the count.
      const counts = [...result.stdout.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      if (counts) {
        tally.passed += Number(counts[1]);
        tally.failed += Number(counts[2]);
      } else {
        tally.failed += 1;
      }
      return result.status === 0;
    },
  },
  {
    name: 'e2e',
    run: async () =>
      hasChromium() ? vitest(['e2e']) : skipOrFail(`Chromium is not installed at ${chromiumPath()}; end-to-end tests did not run`),
  },
];

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !steps.some((s) => s.name === a));
if (unknown.length > 0) {
  console.error(`unknown step: ${unknown.join(', ')}; steps: ${steps.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

for (const step of steps.filter((s) => asked.length === 0 || asked.includes(s.name))) {
  console.log(`\n── ${step.name} ${'─'.repeat(60 - step.name.length)}`);
  const started = performance.now();
  const ok = await step.run();
  console.log(`── ${step.name}: ${ok ? 'ok' : 'FAILED'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!ok) failures.push(step.name);
}

if (failures.length > 0) console.error(`\nfailed steps: ${failures.join(', ')}`);
console.log(`\ntests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(failures.length === 0 ? 0 : 1);
