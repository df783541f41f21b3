import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatedFiles } from './generated.files';
import { repoRoot } from './workspace.files';

describe(generatedFiles.name, () => {
  it('leaves the checked-in files as they are (else run npm run k8s:generate)', async () => {
    const files = Object.entries(await generatedFiles());
    const stale = files
      .filter(([path, content]) => readFileSync(resolve(repoRoot, path), 'utf8') !== content)
      .map(([path]) => path);
    expect(stale).toEqual([]);
    expect(files).toHaveLength(4);
  });
});
