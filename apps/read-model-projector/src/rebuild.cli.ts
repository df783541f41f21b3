import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { RebuildCliModule } from './app.module';
import { loadConfig } from './config';
import { RebuildService } from './rebuild/rebuild.service';

// `SWC_NODE_PROJECT=apps/read-model-projector/tsconfig.json node -r @swc-node/register
// apps/read-model-projector/src/rebuild.cli.ts`: rebuilds the read models beside the running
// projectors (they keep writing to both generations) and prints the report as JSON.
async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(RebuildCliModule.forRoot(loadConfig()), {
    logger: ['error', 'warn'],
  });
  try {
    const report = await app.get(RebuildService).rebuild('request');
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
