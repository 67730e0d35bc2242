// Builds packages/elements: ESM for npm (dependencies external, so a host that already uses Lit
// loads it once) and one self-contained minified file for a <script type="module"> tag.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';

const pkg = 'packages/elements';
const ts = () => esbuild({ target: 'es2022', tsconfig: 'tsconfig.json', minify: false, sourceMap: true });

const isExternal = (id) => /^(lit|@lit\/|@lit-labs\/|@siso\/|ky$|eventsource-parser|zod)/.test(id);

export default [
  {
    input: { index: `${pkg}/src/index.ts`, define: `${pkg}/src/define.ts` },
    external: isExternal,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ts()],
    output: { dir: `${pkg}/dist`, format: 'esm', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
  },
  {
    input: `${pkg}/src/define.ts`,
    plugins: [
      // 'production' keeps Lit's development build (and its warnings) out of the bundle.
      nodeResolve({ browser: true, exportConditions: ['production'], extensions: ['.ts', '.js'] }),
      ts(),
      terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
    ],
    output: { file: `${pkg}/dist/siso-training.js`, format: 'esm', sourcemap: true },
    onwarn(warning, warn) {
      // zod's misplaced /*#__PURE__*/ annotations and its internal import cycle are harmless noise.
      if (warning.code === 'INVALID_ANNOTATION') return;
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules/zod'))) return;
      warn(warning);
    },
  },
];
