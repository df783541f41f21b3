import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

// The tag rules in eslint.config.mjs, checked on code a developer might write: each case lints a
// file placed in a real project, so a weakened rule makes this spec fail.
function boundaryErrors(filePath: string, code: string): string[] {
  // ESLint runs in its own process: its flat config is an ES module, which Jest's VM cannot import.
  const run = spawnSync(
    resolve(root, 'node_modules/.bin/eslint'),
    ['--format', 'json', '--stdin', '--stdin-filename', resolve(root, filePath)],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('module boundaries', () => {
  jest.setTimeout(60_000);

  // The boundary rule reads Nx's cached project graph and skips itself when there is none, as on
  // a fresh clone where nothing has run nx yet.
  beforeAll(() => {
    const nx = spawnSync(resolve(root, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
      encoding: 'utf8',
    });
    if (nx.status !== 0) throw new Error(`nx show projects failed: ${nx.stderr}`);
  });

  it('lets a library use the contracts', () => {
    const errors = boundaryErrors(
      'libs/stack-endpoints/src/uses-contracts.ts',
      "import { topicCatalog } from '@platform/contracts';\nexport const topics = topicCatalog;\n",
    );
    expect(errors).toEqual([]);
  });

  it('keeps the contracts free of other libraries', () => {
    const errors = boundaryErrors(
      'libs/contracts/src/uses-lib.ts',
      "import { readStackEndpoints } from '@platform/stack-endpoints';\nexport const read = readStackEndpoints;\n",
    );
    expect(errors.join('\n')).toMatch(/type:contracts" can only depend on libs tagged with "type:contracts"/);
  });

  it('forbids deep imports into a library', () => {
    const errors = boundaryErrors(
      'infra/stack/src/deep.ts',
      "import { topicCatalog } from '@platform/contracts/topics/topic-catalog';\nexport const topics = topicCatalog;\n",
    );
    expect(errors.length).toBeGreaterThan(0);
  });
});
