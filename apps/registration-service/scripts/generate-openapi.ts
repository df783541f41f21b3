import { writeFileSync } from 'node:fs';
import { OPENAPI_PATH, renderOpenApiFile } from '../src/openapi/openapi.file';

// Rewrites docs/api/registration-service.openapi.json; src/openapi/openapi.document.spec.ts
// fails while the checked-in copy is stale.
renderOpenApiFile().then(
  (text) => {
    writeFileSync(OPENAPI_PATH, text);
    process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
