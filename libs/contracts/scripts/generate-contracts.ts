import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  contractPaths,
  generatedVersionSchemas,
  readPublishedSchemas,
  renderContractFiles,
  workspaceRoot,
} from '../src/generation/contract-files';
import { findCompatibilityProblems } from '../src/generation/schema-compatibility';
import { messageDefinitions } from '../src/messages/message.registry';

// Writes the JSON Schema of every message version and the AsyncAPI document. It refuses to touch
// a published schema whose content would change: that needs a new version instead.
async function main(): Promise<void> {
  const problems = findCompatibilityProblems(
    messageDefinitions,
    generatedVersionSchemas(),
    readPublishedSchemas(),
    contractPaths.schemasDir,
  );
  if (problems.length > 0) {
    console.error(`Not generated; the contracts break published versions:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
    return;
  }
  for (const [relativePath, content] of await renderContractFiles()) {
    const file = path.join(workspaceRoot, relativePath);
    if (existsSync(file) && readFileSync(file, 'utf8') === content) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    console.log(`wrote ${relativePath}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
