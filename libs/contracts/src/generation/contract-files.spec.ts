import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contractPaths, GENERATE_COMMAND, renderContractFiles, workspaceRoot } from './contract-files';

describe(renderContractFiles.name, () => {
  it('renders one schema per message version and the AsyncAPI document', async () => {
    const files = [...(await renderContractFiles()).keys()];
    expect(files).toContain(`${contractPaths.schemasDir}/PaymentFailed.v1.json`);
    expect(files).toContain(`${contractPaths.schemasDir}/PaymentFailed.v2.json`);
    expect(files).toContain(contractPaths.asyncApi);
  });

  it('matches the checked-in files', async () => {
    const stale: string[] = [];
    for (const [relativePath, content] of await renderContractFiles()) {
      const file = path.join(workspaceRoot, relativePath);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== content) stale.push(relativePath);
    }
    if (stale.length > 0) {
      throw new Error(`generated files are stale: ${stale.join(', ')}; run \`${GENERATE_COMMAND}\``);
    }
  });
});
