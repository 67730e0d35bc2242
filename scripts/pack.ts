// `node scripts/pack.ts <out dir>`: npm tarballs of core, sdk and elements as they would be
// published (run `npm run build` first). In the repository the packages export their TypeScript
// sources, which every tool here runs directly; a published package exports JavaScript and
// declaration files instead, so its package.json is rewritten for the tarball.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = resolve(process.argv[2] ?? join(root, '.tmp/packages'));
const stageRoot = join(root, '.tmp/pack');

interface Entry {
  /** Declaration file under dist/types, from the source path without `src/` and `.ts`. */
  types: string;
  /** The built JavaScript, or nothing for a types-only entry. */
  js?: string;
}

/** The published exports of each package: the repository's subpaths, pointed at dist. */
const PACKAGES: Record<string, Record<string, Entry | string>> = {
  core: { '.': { types: 'index', js: './dist/index.js' } },
  sdk: { '.': { types: 'index', js: './dist/index.js' }, './server': { types: 'server/index', js: './dist/server.js' } },
  elements: {
    '.': { types: 'index', js: './dist/index.js' },
    './define': { types: 'define', js: './dist/define.js' },
    './locales/de': { types: 'locales/de', js: './dist/locales/de.js' },
    './jsx': { types: 'jsx' },
    './custom-elements.json': './custom-elements.json',
    './siso-training.js': './dist/siso-training.js',
    './siso-training.de.js': './dist/siso-training.de.js',
  },
};

function run(cmd: string, args: string[], cwd = root): void {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

rmSync(stageRoot, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [name, exports] of Object.entries(PACKAGES)) {
  const dir = join(root, 'packages', name);
  const stage = join(stageRoot, name);
  cpSync(join(dir, 'dist'), join(stage, 'dist'), { recursive: true });
  cpSync(join(dir, 'README.md'), join(stage, 'README.md'));
  if (name === 'elements') cpSync(join(dir, 'custom-elements.json'), join(stage, 'custom-elements.json'));

  // Declarations only, from the sources; symlinks preserved so the other workspace packages stay
  // dependencies (node_modules) rather than sources to emit.
  const tsconfig = join(stageRoot, `tsconfig.${name}.json`);
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(root, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        preserveSymlinks: true,
        rootDir: join(dir, 'src'),
        outDir: join(stage, 'dist/types'),
        types: ['node'],
      },
      include: [join(dir, 'src/**/*.ts')],
      exclude: [join(dir, 'src/**/*.test.ts'), join(dir, 'src/testing/**')],
    }),
  );
  run(join(root, 'node_modules/.bin/tsc'), ['-p', tsconfig]);
  if (name === 'elements') cpSync(join(dir, 'src/jsx.d.ts'), join(stage, 'dist/types/jsx.d.ts'));

  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg.exports = Object.fromEntries(
    Object.entries(exports).map(([subpath, entry]) => [
      subpath,
      typeof entry === 'string' ? entry : { types: `./dist/types/${entry.types}.d.ts`, ...(entry.js ? { default: entry.js } : {}) },
    ]),
  );
  pkg.files = ['dist', ...(name === 'elements' ? ['custom-elements.json'] : [])];
  if (Array.isArray(pkg.sideEffects)) pkg.sideEffects = (pkg.sideEffects as string[]).filter((p) => p.startsWith('./dist/'));
  delete pkg.devDependencies;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  run('npm', ['pack', '--silent', '--pack-destination', out], stage);
}
console.log(`packed into ${out}`);
