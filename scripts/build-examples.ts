// Builds the examples that are written against the npm packages (examples/partner-portal,
// examples/react) with esbuild, as a portal's own build would; part of `npm run build`.
import { build, type BuildOptions } from 'esbuild';

const common: BuildOptions = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

await Promise.all([
  // The portal shell and its training feature as two entries sharing chunks: the shell loads
  // the feature with a dynamic import, so the page without widgets never fetches it.
  build({
    ...common,
    entryPoints: { main: 'examples/partner-portal/src/main.ts', training: 'examples/partner-portal/src/training.ts' },
    outdir: 'examples/partner-portal/dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...common, entryPoints: ['examples/react/src/main.tsx'], outfile: 'examples/react/dist/app.js', jsx: 'automatic' }),
]);
