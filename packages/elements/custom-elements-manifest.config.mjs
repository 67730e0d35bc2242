// `cem analyze` settings: the manifest describes the source (its JSDoc is the API contract).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
};
