// Builds core and sdk as plain ESM for publishing, and packages/elements: ESM for npm (dependencies
// external, so a host that already uses Lit loads it once), one self-contained minified file for
// a <script type="module"> tag, the German strings as a file of their own next to it, and
// custom-elements.json from the source's JSDoc.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const pkg = 'packages/elements';
// Chunk names carry content hashes: start from an empty dist so old chunks do not pile up.
for (const dir of [`${pkg}/dist`, 'packages/core/dist', 'packages/sdk/dist']) rmSync(dir, { recursive: true, force: true });
const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', minify: false, sourceMap: true });
const minify = () => terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } });
// 'production' keeps Lit's development build (and its warnings) out of the bundle.
const resolveForBrowser = () => nodeResolve({ browser: true, exportConditions: ['production'], extensions: ['.ts', '.js'] });

const isExternal = (id) => /^(lit|@lit\/|@lit-labs\/|@siso\/|ky$|eventsource-parser|zod)/.test(id);

/** Writes custom-elements.json (named by package.json's `customElements`) after the npm build. */
const manifest = () => ({
  name: 'custom-elements-manifest',
  writeBundle() {
    execFileSync('cem', ['analyze', '--quiet'], { cwd: pkg, stdio: 'inherit' });
  },
});

/**
 * Writes brotli and gzip copies beside each script-tag file: the server sends them as they are
 * instead of compressing every page view's request again, and at the strongest settings.
 */
const precompress = () => ({
  name: 'precompress',
  writeBundle({ dir, file }, bundle) {
    for (const name of Object.keys(bundle).filter((n) => n.endsWith('.js'))) {
      const path = join(dir ?? join(file, '..'), name);
      const bytes = readFileSync(path);
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
      writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params }));
    }
  },
});

function onwarn(warning, warn) {
  // zod's misplaced /*#__PURE__*/ annotations and its internal import cycle are harmless noise.
  if (warning.code === 'INVALID_ANNOTATION') return;
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules/zod'))) return;
  warn(warning);
}

/** core and sdk as published: plain ESM beside their TypeScript sources (scripts/pack.ts adds types). */
const library = (name, input, external) => ({
  input,
  external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
  plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ts()],
  output: { dir: `packages/${name}/dist`, format: 'esm', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
  onwarn,
});

export default [
  library('core', { index: 'packages/core/src/index.ts' }, ['zod']),
  library('sdk', { index: 'packages/sdk/src/index.ts', server: 'packages/sdk/src/server/index.ts' }, [
    'zod',
    'ky',
    'eventsource-parser',
    '@siso/training-core',
  ]),
  {
    input: { index: `${pkg}/src/index.ts`, define: `${pkg}/src/define.ts`, 'locales/de': `${pkg}/src/locales/de.ts` },
    external: isExternal,
    // Nothing is imported from lit or the SDK for its side effects; keep no bare imports of them.
    treeshake: { moduleSideEffects: (_id, external) => !external },
    // …and no hoisted bare imports either, which bundlers of a host app would warn about.
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ts(), manifest()],
    output: {
      dir: `${pkg}/dist`,
      format: 'esm',
      sourcemap: true,
      chunkFileNames: 'chunks/[name]-[hash].js',
      hoistTransitiveImports: false,
    },
  },
  {
    input: `${pkg}/src/define.ts`,
    plugins: [resolveForBrowser(), ts(), minify(), precompress()],
    output: { file: `${pkg}/dist/siso-training.js`, format: 'esm', sourcemap: true },
    onwarn,
  },
  {
    // Registers itself through a page-wide table, so it works beside any copy of the bundle.
    input: `${pkg}/src/locales/de.ts`,
    plugins: [resolveForBrowser(), ts(), minify(), precompress()],
    output: { file: `${pkg}/dist/siso-training.de.js`, format: 'esm', sourcemap: true },
  },
];
