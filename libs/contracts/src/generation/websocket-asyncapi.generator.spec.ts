import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { closeCodes } from '../websocket/close-codes';
import { contractPaths, workspaceRoot } from './contract-files';
import { buildWebSocketAsyncApiDocument } from './websocket-asyncapi.generator';

// Diagnostic severity 0 is an error.
const ERROR = 0;

interface Document {
  info: { description: string };
  channels: { updates: { messages: Record<string, { payload: { properties: Record<string, unknown> } }> } };
}

describe(buildWebSocketAsyncApiDocument.name, () => {
  const document = buildWebSocketAsyncApiDocument('generate') as unknown as Document;

  it('has a message for every client request and every server frame', () => {
    expect(Object.keys(document.channels.updates.messages).sort()).toEqual(
      [
        'client.refresh',
        'client.subscribe',
        'client.unsubscribe',
        'server.ack',
        'server.error',
        'server.event',
        'server.snapshot',
        'server.welcome',
      ].sort(),
    );
    expect(Object.keys(document.channels.updates.messages['server.event']?.payload.properties ?? {})).toEqual(
      expect.arrayContaining(['channel', 'epoch', 'offset', 'event']),
    );
  });

  it('documents every close code', () => {
    for (const [name, code] of Object.entries(closeCodes)) {
      expect(document.info.description).toContain(`${code} ${name}:`);
    }
  });
});

describe('docs/asyncapi/websocket.asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3.0 document', async () => {
    const text = readFileSync(path.join(workspaceRoot, contractPaths.webSocketAsyncApi), 'utf8');
    const errors = (await new Parser().validate(text))
      .filter((diagnostic) => diagnostic.severity === ERROR)
      .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
    expect(errors).toEqual([]);
  });
});
