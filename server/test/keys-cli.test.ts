// `npm run keys` as an operator runs it: its own process, on the database the server uses (the
// embedded one under DATA_DIR, or PostgreSQL in DATABASE_SCHEMA); the key it prints works there.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_DATABASE_URL, testDatabaseKind, type TestServer } from './support/test-server.ts';

const cli = fileURLToPath(new URL('../src/cli/keys.ts', import.meta.url));
const run = promisify(execFile);

describe('npm run keys', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'siso-keys-'));
  const schemaName = `k_${process.pid}_${randomBytes(4).toString('hex')}`;
  const postgres = testDatabaseKind() === 'postgres';
  let server: TestServer | undefined;
  /** What `keys create` printed, before the server opened the database. */
  let created = '';
  // The key first (the server would hold the embedded database), then the server on it: every
  // test here starts from both, in whatever order they run.
  beforeAll(async () => {
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      ...(postgres ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schemaName } : { DATA_DIR: dataDir }),
    };
    created = (await run(process.execPath, [cli, 'create', '--role', 'portal', '--label', 'portal backend'], { env })).stdout;
    server = await startTestServer({}, { reuse: postgres ? { schemaName } : { dataDir: join(dataDir, 'pglite') } });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a service key in the database the server then opens', async () => {
    expect(created).toMatch(/^created portal key \S+; store it now/);
    const key = created.trim().split('\n').at(-1)!;
    const res = await fetch(`${server!.url}/v1/catalog`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
  });

  it.skipIf(postgres)('refuses the embedded database while a server has it open, in one line', async () => {
    const failed = await run(process.execPath, [cli, 'list'], { env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir } }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toBe(
      `keys: the embedded database at ${join(dataDir, 'pglite')} is in use by process ${process.pid}: stop that server first (if none runs, remove ${join(dataDir, 'pglite.lock')}), or give this one another DATA_DIR (or use PostgreSQL with DATABASE_URL)\n`,
    );
  });
});
