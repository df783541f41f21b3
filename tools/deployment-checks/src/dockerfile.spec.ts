import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { appsWith, deployableApps, fromRoot } from './workspace';

const dockerfile = readFileSync(fromRoot('Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const stages = instructions.reduce<string[][]>((all, line) => {
  if (line.startsWith('FROM ')) all.push([line]);
  else all[all.length - 1]?.push(line);
  return all;
}, []);
const runtime = stages[stages.length - 1] ?? [];
const packageJson = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('Dockerfile', () => {
  it('builds on Node 24 and installs with npm ci from the lockfile', () => {
    expect(instructions).toContain('ARG NODE_IMAGE=node:24-bookworm-slim');
    for (const stage of stages)
      expect(stage[0]).toMatch(/^FROM \$\{NODE_IMAGE\}( AS [a-z-]+)?$|^FROM [a-z-]+ AS [a-z-]+$/);
    expect(instructions.filter((line) => /^RUN npm ci\b/.test(line))).toHaveLength(2);
  });

  it('picks the app with an APP argument that has no default, and names no app itself', () => {
    expect(runtime).toContain('ARG APP');
    const named = deployableApps().filter((app) => dockerfile.includes(app));
    expect(named).toEqual([]);
  });

  it('runs the app as the unprivileged node user, with production dependencies only', () => {
    const from = (stage: string[]) => stage.find((line) => line.startsWith('COPY --from='))?.split(' ')[1];
    const productionStage = stages.find((stage) => stage.some((line) => line.includes('npm ci --omit=dev')));

    expect(productionStage?.[0]).toMatch(/ AS production-dependencies$/);
    expect(from(runtime)).toBe('--from=production-dependencies');
    expect(runtime.filter((line) => line.includes('node_modules'))).toEqual([
      'COPY --from=production-dependencies /workspace/node_modules ./node_modules',
    ]);
    expect(runtime.filter((line) => line.startsWith('USER '))).toEqual(['USER node']);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.findIndex((line) => line.startsWith('CMD ')));
  });

  it('starts the app and checks /health/ready on its HTTP_PORT', () => {
    expect(runtime).toContain('CMD ["node", "--enable-source-maps", "main.js"]');
    expect(runtime.find((line) => line.startsWith('HEALTHCHECK'))).toMatch(/HTTP_PORT \+ '\/health\/ready'/);
  });

  it('copies only what .dockerignore lets into the context', () => {
    const ignored = readFileSync(fromRoot('.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'));
    const copied = instructions
      .filter((line) => line.startsWith('COPY ') && !line.startsWith('COPY --from'))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));
    for (const source of copied) {
      expect(existsSync(fromRoot(source))).toBe(true);
      expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`))).toEqual([]);
    }
  });
});

describe('the build stage (infra/compose/docker/build-workspace.mjs)', () => {
  let dist: string;
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'docker-build-'));
    dist = join(out, 'dist');
    execFileSync(process.execPath, [fromRoot('infra/compose/docker/build-workspace.mjs'), fromRoot(), dist], {
      encoding: 'utf8',
    });
    // The image's /app: dist/ beside node_modules.
    symlinkSync(fromRoot('node_modules'), join(out, 'node_modules'));
  }, 60_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  function resolveRelative(from: string, request: string): string | undefined {
    const base = resolve(dirname(from), request);
    return [base, `${base}.js`, `${base}.json`, join(base, 'index.js')].find(
      (candidate) => existsSync(candidate) && !readdirSafe(candidate),
    );
  }

  function readdirSafe(path: string): boolean {
    try {
      readdirSync(path);
      return true;
    } catch {
      return false;
    }
  }

  /** Every package a compiled entry point loads, following its relative requires through dist/. */
  function packagesLoadedFrom(entry: string): { packages: Set<string>; unresolved: string[] } {
    const packages = new Set<string>();
    const unresolved: string[] = [];
    const seen = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file) || !file.endsWith('.js')) continue;
      seen.add(file);
      for (const [, , request] of readFileSync(file, 'utf8').matchAll(/\brequire\((["'])([^"']+)\1\)/g)) {
        const specifier = request as string;
        if (specifier.startsWith('.')) {
          const target = resolveRelative(file, specifier);
          if (target === undefined) unresolved.push(`${file.slice(dist.length + 1)}: ${specifier}`);
          else queue.push(target);
        } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
          const parts = specifier.split('/');
          packages.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
        }
      }
    }
    return { packages, unresolved };
  }

  it.each(deployableApps())('compiles %s with every workspace import resolved inside dist/', (app) => {
    const entry = join(dist, 'apps', app, 'src/main.js');

    expect(existsSync(entry)).toBe(true);
    expect(packagesLoadedFrom(entry).unresolved).toEqual([]);
  });

  it.each(deployableApps())(
    'runs %s on production dependencies only (package.json "dependencies")',
    (app) => {
      const { packages } = packagesLoadedFrom(join(dist, 'apps', app, 'src/main.js'));
      const notProduction = [...packages]
        .filter((name) => packageJson.dependencies[name] === undefined)
        .sort();

      expect(notProduction).toEqual([]);
    },
  );

  it.each(appsWith('src/database/seed.cli.ts'))(
    'compiles the seed command of %s, which compose runs',
    (app) => {
      expect(existsSync(join(dist, 'apps', app, 'src/database/seed.cli.js'))).toBe(true);
    },
  );

  it.each(appsWith('src/database/migrate.cli.ts'))(
    'leaves only JavaScript in the migration folders of %s (node-pg-migrate loads every file there)',
    (app) => {
      const folders = readdirSync(join(dist, 'apps', app)).filter((name) => name.includes('migrations'));
      expect(folders.length).toBeGreaterThan(0);
      for (const folder of folders) {
        const files = readdirSync(join(dist, 'apps', app, folder));
        expect(files.filter((file) => !file.endsWith('.js'))).toEqual([]);
      }
    },
  );

  it.each(deployableApps().filter((app) => existsSync(fromRoot('apps', app, 'src/server/page.bundle.ts'))))(
    'lets %s bundle its browser code from the files the image has',
    (app) => {
      const keys = execFileSync(
        process.execPath,
        [
          '-e',
          `require(${JSON.stringify(join(dist, 'apps', app, 'src/server/page.bundle.js'))}).buildPageAssets()` +
            '.then((assets) => process.stdout.write(JSON.stringify([...assets.keys()].sort())))',
        ],
        { cwd: out, encoding: 'utf8' },
      );
      expect(JSON.parse(keys)).toEqual(expect.arrayContaining(['/', '/app.js']));
    },
  );

  it('emits the decorator metadata Nest injects by', () => {
    const handlers = readFileSync(
      join(dist, 'apps/saga-coordinator/src/registration/registration.handlers.js'),
      'utf8',
    );
    expect(handlers).toContain('design:paramtypes');
  });
});
