import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { build } from 'esbuild';

/** A file the server answers with: its bytes and content type. */
export interface Asset {
  body: Buffer;
  contentType: string;
}

/** The page as the server serves it, by URL path. */
export type PageAssets = ReadonlyMap<string, Asset>;

const sourceDir = resolve(__dirname, '..');

/**
 * Bundles the browser code (src/browser) with esbuild into memory and reads the static files, so
 * nothing is written next to the sources and the page always matches the code the server runs.
 */
export async function buildPageAssets(): Promise<PageAssets> {
  const result = await build({
    entryPoints: { app: resolve(sourceDir, 'browser/main.ts') },
    bundle: true,
    write: false,
    outdir: '/assets',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    tsconfig: resolve(sourceDir, '../tsconfig.json'),
    logLevel: 'silent',
  });
  const assets = new Map<string, Asset>();
  for (const file of result.outputFiles) {
    const path = file.path.slice(file.path.lastIndexOf('/'));
    const contentType = path.endsWith('.map') ? 'application/json' : 'text/javascript; charset=utf-8';
    assets.set(path, { body: Buffer.from(file.contents), contentType });
  }
  const statics: [string, string, string][] = [
    ['/', 'public/index.html', 'text/html; charset=utf-8'],
    ['/styles.css', 'public/styles.css', 'text/css; charset=utf-8'],
  ];
  for (const [path, file, contentType] of statics)
    assets.set(path, { body: await readFile(resolve(sourceDir, file)), contentType });
  return assets;
}
