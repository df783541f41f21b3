// Compiles the workspace's TypeScript (apps/ and libs/, without tests) to CommonJS under dist/,
// mirroring the source tree, for the Docker image's runtime stage. swc rather than tsc: it emits
// the decorator metadata Nest's dependency injection needs and rewrites the `@platform/*` path
// aliases of tsconfig.base.json into relative requires, so the output runs on plain `node`.
// esbuild would do the aliases but not the metadata. Files that are not TypeScript (static assets
// of the web page, JSON) are copied as they are. The web server bundles its browser code with
// esbuild when it starts, so what that bundle reads stays TypeScript beside the output: the
// browser sources, the libraries' sources and the tsconfig files (never a service's migrations:
// node-pg-migrate loads every file of that folder).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { transformFile } from '@swc/core';

const root = resolve(process.argv[2] ?? '.');
const outDir = resolve(process.argv[3] ?? join(root, 'dist'));
const SOURCE_ROOTS = ['apps', 'libs'];
const SKIPPED_DIRS = new Set(['node_modules', 'test', 'bench', 'e2e', 'scripts', 'dist']);
const BROWSER_SOURCES = /^(apps\/[^/]+\/src\/browser|libs\/[^/]+\/src)\/.*\.ts$/;
const TSCONFIGS = /^(tsconfig\.base\.json|apps\/[^/]+\/tsconfig\.json)$/;
const SKIPPED_FILES =
  /\.(spec|int-spec|e2e-spec|fault-spec|fake)\.ts$|\.d\.ts$|^\.env|^README\.md$|^project\.json$|^tsconfig.*\.json$/;

const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) yield* sourceFiles(path);
    } else if (!SKIPPED_FILES.test(entry.name)) {
      yield path;
    }
  }
}

const options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    baseUrl: root,
    paths: compilerOptions.paths,
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  // Inline: node-pg-migrate loads every file of a migrations folder, and would choke on a .map.
  sourceMaps: 'inline',
};

let compiled = 0;
let copied = 0;
for (const sourceRoot of SOURCE_ROOTS) {
  for (const file of sourceFiles(join(root, sourceRoot))) {
    const target = join(outDir, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    if (file.endsWith('.ts')) {
      const output = await transformFile(file, { ...options, filename: file, swcrc: false });
      writeFileSync(target.replace(/\.ts$/, '.js'), output.code);
      if (BROWSER_SOURCES.test(relative(root, file))) copyFileSync(file, target);
      compiled += 1;
    } else {
      copyFileSync(file, target);
      copied += 1;
    }
  }
}
for (const file of [
  'tsconfig.base.json',
  ...readdirSync(join(root, 'apps')).map((app) => `apps/${app}/tsconfig.json`),
]) {
  if (!TSCONFIGS.test(file)) continue;
  try {
    mkdirSync(dirname(join(outDir, file)), { recursive: true });
    copyFileSync(join(root, file), join(outDir, file));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
}
process.stdout.write(`compiled ${compiled} TypeScript files and copied ${copied} other files to ${outDir}\n`);
