import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { generatedFiles } from './generated.files';
import { repoRoot } from './workspace.files';

async function main(): Promise<void> {
  for (const [path, content] of Object.entries(await generatedFiles())) {
    const target = resolve(repoRoot, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    console.log(`wrote ${path}`);
  }
}

void main();
