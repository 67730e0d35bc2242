// Bundle sizes, min+gzip -9: the SDK's browser entry (zod/mini external, as its budget says, and
// with it), the elements' script-tag file (also as brotli, which the server sends to browsers that
// take it), and <siso-training-progress> alone.
// `npm run bench -- bundle`: runs the repo's build first, so the script-tag file it measures is
// the one the sources make now, never a missing or stale one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { report, type Row } from './lib/report.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const KB = 1024;

const buildStarted = performance.now();
const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error(`npm run build failed (${built.error?.message ?? `exit ${built.status}`}): nothing to measure.`);
  process.exit(1);
}
console.log(`built in ${((performance.now() - buildStarted) / 1000).toFixed(1)} s`);

const gz = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

/** Minified ESM of `contents` (a module importing from the repo), as a browser would load it. */
async function bundle(contents: string, external: string[] = []): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['production'],
    external,
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

// One use of each part of the browser entry: client calls, subscribe, the shared store.
const sdkEntry = `
import { TrainingClient, liveStore, isApiError } from './packages/sdk/src/index.ts';
const client = new TrainingClient({ apiBase: location.origin, tokenUrl: '/token' });
client.getTraining().catch((e) => isApiError(e) && console.error(e.status));
client.launchModule('m'); client.completeModule('m'); client.simulate({ complete: ['m'] }); client.getCertificate('c');
client.subscribe({ onEvent: console.log });
liveStore(client).subscribe(() => console.log(liveStore(client).getSnapshot()));
`;
const sdkGz = gz(await bundle(sdkEntry, ['zod', 'zod/mini']));
const sdkWithZodGz = gz(await bundle(sdkEntry));

const progressOnlyGz = gz(
  await bundle(`
import { SisoTrainingProgress } from './packages/elements/src/training-progress/training-progress.ts';
if (!customElements.get('siso-training-progress')) customElements.define('siso-training-progress', SisoTrainingProgress);
`),
);

const scriptTag = readFileSync(`${root}packages/elements/dist/siso-training.js`);
const scriptTagGz = gz(scriptTag);
// What browsers download: the server sends the build's brotli copy to those that accept it.
const scriptTagBr = brotliCompressSync(scriptTag, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const verdict = (bytes: number, budget: number, stretch: number) =>
  bytes <= stretch * KB ? 'within stretch' : bytes <= budget * KB ? 'within budget' : 'OVER BUDGET';
const row = (bundle: string, compression: string, bytes: number, budget = '—', verdictText = ''): Row => ({
  bundle,
  compression,
  B: bytes,
  KB: bytes / KB,
  budget,
  verdict: verdictText,
});
const rows: Row[] = [
  row('sdk browser entry (zod/mini external)', 'gzip -9', sdkGz, '12 KB (stretch 9)', verdict(sdkGz, 12, 9)),
  row('sdk browser entry with zod/mini', 'gzip -9', sdkWithZodGz),
  row('script tag (siso-training.js)', 'gzip -9', scriptTagGz, '34 KB (stretch 28)', verdict(scriptTagGz, 34, 28)),
  row('script tag as most browsers get it', 'brotli 11', scriptTagBr),
  row('<siso-training-progress> only', 'gzip -9', progressOnlyGz),
];
report('bundle', rows, { script_tag_gz: scriptTagGz, sdk_gz: sdkGz, progress_only_gz: progressOnlyGz });
