import { dataSchemaUri } from '../envelope/data-schema.uri';
import { envelopeHeaders } from '../envelope/envelope.headers';
import type { MessageContract } from '../messages/message-definition';
import type { ConsumerGroupSpec } from '../topics/consumer-group-catalog';
import type { DomainTopicSpec } from '../topics/topic-spec';
import type { JsonSchema, VersionSchema } from './json-schema.generator';

export interface AsyncApiInput {
  readonly topics: readonly DomainTopicSpec[];
  readonly consumerGroups: readonly ConsumerGroupSpec[];
  readonly messages: readonly MessageContract[];
  readonly versionSchemas: readonly VersionSchema[];
  readonly headersSchema: JsonSchema;
  /** How to regenerate, written into the document's description. */
  readonly generateCommand: string;
}

const KAFKA_BINDING_VERSION = '0.5.0';
const HEADERS_SCHEMA = 'CloudEventsHeaders';

const ref = (...path: string[]) => ({ $ref: `#/${path.join('/')}` });
const schemaId = (type: string, version: number) => `${type}.v${version}`;

function channel(topic: DomainTopicSpec) {
  return {
    address: topic.name,
    title: topic.name,
    description: `${topic.description} Keyed by ${topic.key}; produced by ${topic.producer}.`,
    messages: Object.fromEntries(topic.messages.map((type) => [type, ref('components', 'messages', type)])),
    bindings: {
      kafka: {
        topic: topic.name,
        partitions: topic.partitions,
        topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy], 'retention.ms': topic.retentionMs },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function operationsOf(topic: DomainTopicSpec, consumerGroups: readonly ConsumerGroupSpec[]) {
  const messages = topic.messages.map((type) => ref('channels', topic.name, 'messages', type));
  const send = [
    `${topic.producer}.send.${topic.name}`,
    {
      action: 'send',
      channel: ref('channels', topic.name),
      summary: `${topic.producer} writes ${topic.name} through its outbox.`,
      messages,
    },
  ] as const;
  const receives = consumerGroups
    .filter((group) => (group.consumes as readonly string[]).includes(topic.name))
    .map(
      (group) =>
        [
          `${group.name}.receive.${topic.name}`,
          {
            action: 'receive',
            channel: ref('channels', topic.name),
            summary: `${group.name} consumes ${topic.name} as consumer group ${group.name}.`,
            messages,
            bindings: {
              kafka: {
                groupId: { type: 'string', enum: [group.name] },
                bindingVersion: KAFKA_BINDING_VERSION,
              },
            },
          },
        ] as const,
    );
  return [send, ...receives];
}

function message(definition: MessageContract) {
  const versions = definition.versions.map(({ version }) => version);
  const current = definition.currentVersion;
  const older = versions.filter((version) => version !== current);
  return {
    name: definition.name,
    title: `${definition.name} v${current}`,
    summary: definition.description,
    description:
      older.length === 0
        ? `Version ${current}, ${dataSchemaUri(definition.name, current)}.`
        : `Version ${current}, ${dataSchemaUri(definition.name, current)}. Consumers also accept ${older
            .map((version) => `v${version}`)
            .join(', ')} and upcast it on receipt.`,
    contentType: 'application/json',
    headers: {
      type: 'object',
      allOf: [
        ref('components', 'schemas', HEADERS_SCHEMA),
        {
          type: 'object',
          properties: {
            [envelopeHeaders.type]: { type: 'string', const: definition.name },
            [envelopeHeaders.dataschema]: {
              type: 'string',
              enum: versions.map((version) => dataSchemaUri(definition.name, version)),
            },
          },
        },
      ],
    },
    payload: ref('components', 'schemas', schemaId(definition.name, current)),
    bindings: {
      kafka: {
        key: { type: 'string', description: `The payload's ${definition.key}.` },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/** An AsyncAPI 3.0 document of every domain topic, who sends and receives it, and its messages. */
export function buildAsyncApiDocument(input: AsyncApiInput): Record<string, unknown> {
  const embedded = input.versionSchemas.map(({ type, version, schema }) => {
    const { $schema: _dialect, $id: _id, ...body } = schema;
    return [schemaId(type, version), body] as const;
  });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Course registration platform messages',
      version: '1.0.0',
      description: [
        'Every Kafka topic of the platform with its messages. Records are CloudEvents 1.0 in Kafka binary mode:',
        'ce_* headers and a JSON value. Each message type is versioned; the version is in ce_dataschema.',
        `Generated from libs/contracts; do not edit, run \`${input.generateCommand}\`.`,
      ].join(' '),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: 'localhost:19092',
        protocol: 'kafka',
        description: 'The native stack (./platform stack up); KAFKA_HOST and KAFKA_PORT override it.',
      },
    },
    channels: Object.fromEntries(input.topics.map((topic) => [topic.name, channel(topic)])),
    operations: Object.fromEntries(
      input.topics.flatMap((topic) => operationsOf(topic, input.consumerGroups)),
    ),
    components: {
      schemas: { [HEADERS_SCHEMA]: input.headersSchema, ...Object.fromEntries(embedded) },
      messages: Object.fromEntries(
        input.messages.map((definition) => [definition.name, message(definition)]),
      ),
    },
  };
}
