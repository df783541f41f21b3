import { resolve } from 'node:path';
import * as prettier from 'prettier';
import { buildOpenApiDocument } from './openapi.document';

/** The checked-in copy of the document, for readers and tools that do not run the service. */
export const OPENAPI_PATH = resolve(__dirname, '../../../../docs/api/registration-service.openapi.json');

export const REGENERATE_OPENAPI =
  'tsx --tsconfig tsconfig.base.json apps/registration-service/scripts/generate-openapi.ts';

/** The document as the file holds it: formatted as the workspace's prettier would, so `prettier --check` agrees. */
export async function renderOpenApiFile(): Promise<string> {
  const options = await prettier.resolveConfig(OPENAPI_PATH);
  return prettier.format(JSON.stringify(buildOpenApiDocument()), { ...options, filepath: OPENAPI_PATH });
}
