import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { stringify } from 'yaml';
import { messageDefinitions } from '../messages/message.registry';
import { consumerGroupCatalog } from '../topics/consumer-group-catalog';
import { topicCatalog } from '../topics/topic-catalog';
import { buildAsyncApiDocument } from './asyncapi.generator';
import { buildWebSocketAsyncApiDocument } from './websocket-asyncapi.generator';
import { envelopeHeadersJsonSchema, versionSchemas, type VersionSchema } from './json-schema.generator';
import type { PublishedSchemas } from './schema-compatibility';

export const GENERATE_COMMAND = 'npm run contracts:generate';

export const workspaceRoot = path.resolve(__dirname, '../../../..');

/** Workspace-relative locations of the generated files. */
export const contractPaths = {
  schemasDir: 'libs/contracts/schemas',
  asyncApi: 'docs/asyncapi/asyncapi.yaml',
  webSocketAsyncApi: 'docs/asyncapi/websocket.asyncapi.yaml',
} as const;

export function generatedVersionSchemas(): VersionSchema[] {
  return versionSchemas(messageDefinitions);
}

// Formatted as the workspace's prettier would, so `prettier --check .` and the staleness spec agree.
async function format(relativePath: string, text: string): Promise<string> {
  const filepath = path.join(workspaceRoot, relativePath);
  const options = await prettier.resolveConfig(filepath);
  return prettier.format(text, { ...options, filepath });
}

/** Every generated file, workspace-relative path to content, rendered in memory. */
export async function renderContractFiles(): Promise<Map<string, string>> {
  const schemas = generatedVersionSchemas();
  const document = buildAsyncApiDocument({
    topics: topicCatalog,
    consumerGroups: consumerGroupCatalog,
    messages: messageDefinitions,
    versionSchemas: schemas,
    headersSchema: envelopeHeadersJsonSchema(),
    generateCommand: GENERATE_COMMAND,
  });
  const files = new Map<string, string>();
  for (const { fileName, schema } of schemas) {
    const relativePath = `${contractPaths.schemasDir}/${fileName}`;
    files.set(relativePath, await format(relativePath, JSON.stringify(schema)));
  }
  const yaml = `# Generated from libs/contracts by \`${GENERATE_COMMAND}\`; do not edit.\n${stringify(
    document,
    {
      aliasDuplicateObjects: false,
      lineWidth: 0,
    },
  )}`;
  files.set(contractPaths.asyncApi, await format(contractPaths.asyncApi, yaml));
  const webSocketYaml = `# Generated from libs/contracts by \`${GENERATE_COMMAND}\`; do not edit.\n${stringify(
    buildWebSocketAsyncApiDocument(GENERATE_COMMAND),
    { aliasDuplicateObjects: false, lineWidth: 0 },
  )}`;
  files.set(contractPaths.webSocketAsyncApi, await format(contractPaths.webSocketAsyncApi, webSocketYaml));
  return files;
}

export function readPublishedSchemas(): PublishedSchemas {
  const dir = path.join(workspaceRoot, contractPaths.schemasDir);
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
  return new Map(
    files.map((name) => [name, JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as unknown]),
  );
}
