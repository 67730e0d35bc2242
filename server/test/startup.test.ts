// Start-up that fails part-way closes what it had opened. Each case runs the server in a process
// of its own that ends by itself only once nothing is left open: a listening port, a database
// connection (the pool, the LISTEN connection) or a timer that keeps Node alive would keep it
// running until the test times out.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, testDatabaseKind } from './support/test-server.ts';

const startOnce = fileURLToPath(new URL('./support/start-once.ts', import.meta.url));
const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const postgres = testDatabaseKind() === 'postgres';

/** Well-formed, so the configuration takes it; no key, so start-up fails once the port, the database and the bus are open. */
const UNUSABLE_SIGNING_KEY = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', d: 'AAAA', x: 'AAAA' });

let dataDir = '';
let schema = '';
let running: ChildProcess | undefined;
afterEach(async () => {
  // A process that did not end by itself (the case failed) is not left behind.
  running?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  if (!postgres) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
});

/** The environment of a server on a fresh database: a data directory, or a PostgreSQL schema of its own. */
function freshDatabase(): Record<string, string> {
  dataDir = mkdtempSync(join(tmpdir(), 'siso-startup-'));
  schema = `startup_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  return { DATA_DIR: dataDir, ...(postgres ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {}) };
}

/** Runs `script` and resolves once it has exited, by itself or on a signal sent through `kill`. */
function run(script: string, env: Record<string, string>, kill?: (signal: (s: NodeJS.Signals) => void) => void) {
  const child = (running = spawn(process.execPath, [script], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  kill?.((s) => child.kill(s));
  return new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

describe('start-up that fails part-way', { timeout: 120_000 }, () => {
  it('closes the port, the database (and its lock), the bus and their timers, so the process can end', async () => {
    const { code, output } = await run(startOnce, { ...freshDatabase(), CERTIFICATE_SIGNING_KEY: UNUSABLE_SIGNING_KEY });
    expect(output).toBe('start-up failed: Invalid keyData\n');
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  });

  it('ends with one clear line after a failure it has no words for, having closed what it opened', async () => {
    const { code, output } = await run(main, { ...freshDatabase(), CERTIFICATE_SIGNING_KEY: UNUSABLE_SIGNING_KEY });
    expect(code).toBe(1);
    expect(output.trimEnd().split('\n').at(-1)).toBe('siso-training: start-up failed: Invalid keyData');
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);
  });

  it.skipIf(postgres)('stops on Ctrl-C while the database opens, and closes it first', async () => {
    const env = freshDatabase();
    const lock = join(dataDir, 'pglite.lock');
    // The lock is taken as the database starts to open; creating the database takes seconds more.
    const watcher = watch(dataDir);
    const { code, output } = await run(main, env, (signal) =>
      watcher.on('change', () => {
        if (!existsSync(lock)) return;
        watcher.close();
        signal('SIGINT');
      }),
    );
    expect(output).toBe('\nSIGINT: stopping…\n');
    expect(code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});
