import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { parse } from 'yaml';
import { consumerGroupCatalog } from '../topics/consumer-group-catalog';
import { topicCatalog } from '../topics/topic-catalog';
import { messageDefinitions } from '../messages/message.registry';
import { buildAsyncApiDocument } from './asyncapi.generator';
import { contractPaths, workspaceRoot } from './contract-files';
import { envelopeHeadersJsonSchema, versionSchemas } from './json-schema.generator';

// Diagnostic severity 0 is an error (1 warning, 2 information, 3 hint).
const ERROR = 0;

interface Document {
  channels: Record<
    string,
    { address: string; messages: Record<string, unknown>; bindings: { kafka: { partitions: number } } }
  >;
  operations: Record<string, { action: string; channel: { $ref: string } }>;
  components: {
    messages: Record<
      string,
      { payload: { $ref: string }; bindings: { kafka: { key: { description: string } } } }
    >;
  };
}

const document = buildAsyncApiDocument({
  topics: topicCatalog,
  consumerGroups: consumerGroupCatalog,
  messages: messageDefinitions,
  versionSchemas: versionSchemas(messageDefinitions),
  headersSchema: envelopeHeadersJsonSchema(),
  generateCommand: 'generate',
}) as unknown as Document;

describe(buildAsyncApiDocument.name, () => {
  it('has one channel per topic, with its partitions and messages', () => {
    expect(Object.keys(document.channels)).toEqual(topicCatalog.map((topic) => topic.name));
    for (const topic of topicCatalog) {
      const channel = document.channels[topic.name];
      expect(channel?.address).toBe(topic.name);
      expect(channel?.bindings.kafka.partitions).toBe(topic.partitions);
      expect(Object.keys(channel?.messages ?? {})).toEqual(topic.messages);
    }
  });

  it('describes each message by its current version and record key', () => {
    expect(document.components.messages['PaymentFailed']?.payload).toEqual({
      $ref: '#/components/schemas/PaymentFailed.v2',
    });
    expect(document.components.messages['SeatReserved']?.bindings.kafka.key.description).toContain(
      'moduleId',
    );
  });

  it('has the producer send and every consumer group receive each topic', () => {
    const operations = Object.entries(document.operations).map(
      ([id, operation]) => `${id} ${operation.action} ${operation.channel.$ref}`,
    );
    expect(operations).toContain('payment-service.send.payment.events send #/channels/payment.events');
    expect(operations).toContain('saga-coordinator.receive.payment.events receive #/channels/payment.events');
    expect(operations).toContain(
      'saga-coordinator.send.inventory.commands send #/channels/inventory.commands',
    );
    expect(operations).toContain(
      'notification-gateway.receive.session.events receive #/channels/session.events',
    );
    const receives = consumerGroupCatalog.reduce((count, group) => count + group.consumes.length, 0);
    expect(operations).toHaveLength(topicCatalog.length + receives);
  });
});

describe('docs/asyncapi/asyncapi.yaml', () => {
  const text = readFileSync(path.join(workspaceRoot, contractPaths.asyncApi), 'utf8');

  it('is a valid AsyncAPI 3.0 document', async () => {
    const diagnostics = await new Parser().validate(text);
    const errors = diagnostics
      .filter((diagnostic) => diagnostic.severity === ERROR)
      .map((diagnostic) => `${diagnostic.path.join('.')}: ${diagnostic.message}`);
    expect(errors).toEqual([]);
    expect((parse(text) as { asyncapi: string }).asyncapi).toBe('3.0.0');
  });

  it('fails validation when broken, so the check above can fail', async () => {
    const broken = text.replace(
      "$ref: '#/components/messages/SeatReserved'",
      "$ref: '#/components/messages/Nope'",
    );
    expect(broken).not.toBe(text);
    const diagnostics = await new Parser().validate(broken);
    expect(diagnostics.some((diagnostic) => diagnostic.severity === ERROR)).toBe(true);
  });
});
