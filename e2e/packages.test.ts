// The packages as npm would publish them: packed (scripts/pack.ts), installed into an empty
// project, then used from plain Node and type-checked by a strict TypeScript consumer. In the
// repository every tool reads the TypeScript sources; this is the one test of what users get.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test/support/test-server.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (name: string) => join(root, 'node_modules/.bin', name);

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH}`, ...env },
  });
}

describe('published packages', () => {
  let dir: string;
  let server: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'siso-consumer-'));
    const packed = run(process.execPath, [join(root, 'scripts/pack.ts'), join(dir, 'tarballs')], root);
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = (name: string) => `file:${join(dir, 'tarballs', `siso-training-${name}-0.1.0.tgz`)}`;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: {
          '@siso/training-core': tarball('core'),
          '@siso/training-sdk': tarball('sdk'),
          '@siso/training-elements': tarball('elements'),
        },
      }),
    );
    // Third-party dependencies come from npm's cache, filled by `npm ci`.
    const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
    expect(installed.status, installed.stderr).toBe(0);
    server = await startTestServer();
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs in plain Node: the SDK reads a partner's training, core evaluates", async () => {
    writeFileSync(
      join(dir, 'consumer.mjs'),
      `import { TrainingClient } from '@siso/training-sdk';
import { ServiceClient } from '@siso/training-sdk/server';
import { DEFAULT_POLICY, DEFAULT_CATALOG, evaluate } from '@siso/training-core';
const snapshot = await new TrainingClient({ apiBase: process.env.API, token: process.env.TOKEN }).getTraining();
const local = evaluate({ policy: DEFAULT_POLICY, catalog: DEFAULT_CATALOG, state: { partner: snapshot.partner, progress: [], certificates: [] }, now: new Date() });
console.log(JSON.stringify({ partner: snapshot.partner.id, modules: snapshot.summary.modulesTotal, localTier: local.tier, server: typeof ServiceClient }));
`,
    );
    // Asynchronously: the server runs in this process and must keep answering meanwhile.
    const result = await promisify(execFile)(process.execPath, ['consumer.mjs'], {
      cwd: dir,
      env: { ...process.env, API: server.url, TOKEN: await server.tokenFor('contoso') },
    });
    expect(JSON.parse(result.stdout)).toEqual({ partner: 'contoso', modules: 15, localTier: 'bronze', server: 'function' });
  });

  it('type-checks a strict TypeScript consumer against the published declarations', () => {
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import { TrainingClient, isApiError, type TrainingSnapshot } from '@siso/training-sdk';
import type { ServiceClientOptions } from '@siso/training-sdk/server';
import type { Evaluation } from '@siso/training-core';
import type { SisoTrainingHub, SisoTrainingProgress } from '@siso/training-elements';

export async function rate(client: TrainingClient): Promise<number> {
  const snapshot: TrainingSnapshot = await client.getTraining();
  const evaluation: Evaluation = snapshot.evaluation;
  return evaluation.commission.rate;
}
export const options: ServiceClientOptions = { apiBase: 'https://training.example.com', key: 'sk_portal_x' };
export const progress = (el: SisoTrainingProgress | SisoTrainingHub) => el.apiBase;
export const guard = (e: unknown) => isApiError(e) && e.status;
// @ts-expect-error apiBase is a string: the declarations are real types, not any
new TrainingClient({ apiBase: 1, token: 'x' });
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023', 'dom'],
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const checked = run(bin('tsc'), ['-p', 'tsconfig.json'], dir);
    expect(checked.stdout + checked.stderr).toBe('');
    expect(checked.status).toBe(0);
  });
});
