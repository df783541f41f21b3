import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  consumerGroupCatalog,
  deadLetterTopicName,
  findTopic,
  topicsConsumedBy,
  type CdcTopicName,
  type TopicName,
} from '@platform/contracts';
import { KeyOrderedConsumer } from '../consumer/key-ordered-consumer';
import { createKafkaClient, defaultKafkaClient } from '../kafka-client.factory';
import type { AdminPort, KafkaClientPort, ProducerPort } from '../kafka/kafka-client.port';
import { startLagMonitor } from '../observability/lag-monitor';
import { MessagingMetrics } from '../observability/messaging.metrics';
import { metricsObserver } from '../observability/metrics.observer';
import { composeObservers } from '../observability/compose-observers';
import { HandlerDiscovery } from './handler-discovery';
import { isCdcTopic } from '../cdc/cdc-record';
import { createDispatcher, decodeDelivery, type Delivery } from './message-dispatcher';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';

/**
 * Starts the service's consumer once every provider exists, and drains it (running handlers
 * finish, completed offsets are committed) before the application shuts down.
 */
@Injectable()
export class MessageConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageConsumerHost.name);
  private consumer?: KeyOrderedConsumer<Delivery>;
  private deadLetterProducer?: ProducerPort;
  private admin?: AdminPort;
  private lagMonitor?: { stop(): void };

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly discovery: HandlerDiscovery,
  ) {}

  get groupId(): string {
    return this.options.groupId ?? this.options.service;
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discovery.handlers();
    if (handlers.size === 0) return;
    const topics = this.topics();
    assertHandledTypesArrive([...handlers.keys()], topics);

    const client = this.client();
    const groupId = this.groupId;
    this.deadLetterProducer = await client.createProducer({ clientId: `${groupId}-dead-letters` });
    const port = await client.createConsumer({
      clientId: groupId,
      groupId,
      topics: [...topics],
      fromBeginning: this.options.fromBeginning ?? true,
    });
    const metrics = MessagingMetrics.of(this.options.registry);
    this.consumer = new KeyOrderedConsumer<Delivery>({
      port,
      deadLetterProducer: this.deadLetterProducer,
      groupId,
      deadLetterTopic: deadLetterTopicName(this.options.service),
      decode: decodeDelivery,
      process: createDispatcher(handlers, groupId),
      limits: this.options.limits,
      retry: this.options.retry,
      commitIntervalMs: this.options.commitIntervalMs,
      drainTimeoutMs: this.options.drainTimeoutMs,
      observer: composeObservers(
        metricsObserver(metrics, groupId, (headers, message) =>
          isCdcTopic(message.topic) ? 'cdc-row' : (headers['ce_type']?.toString() ?? 'unknown'),
        ),
        {
          onDeadLettered: ({ message, reason, attempts, error }) =>
            this.logger.warn(
              `dead-lettered ${message.topic}/${message.partition}@${message.offset} (${reason}, ` +
                `${attempts} attempts): ${error instanceof Error ? error.message : String(error)}`,
            ),
        },
      ),
    });
    await this.consumer.start();
    this.admin = await client.createAdmin({ clientId: `${groupId}-lag` });
    this.lagMonitor = startLagMonitor(this.admin, metrics, groupId, [...topics]);
    this.logger.log(`consuming ${topics.join(', ')} as ${groupId}: ${[...handlers.keys()].join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.lagMonitor?.stop();
    await this.consumer?.stop();
    await this.deadLetterProducer?.close();
    await this.admin?.close();
  }

  private topics(): readonly (TopicName | CdcTopicName)[] {
    if (this.options.topics) return this.options.topics;
    const group = consumerGroupCatalog.find((candidate) => candidate.name === this.options.service);
    return group ? topicsConsumedBy(group) : [];
  }

  private client(): KafkaClientPort {
    const client = this.options.client ?? defaultKafkaClient;
    if (typeof client !== 'string') return client;
    const { brokers, sasl, ssl } = this.options;
    return createKafkaClient(client, { brokers, sasl, ssl });
  }
}

/** A handler for a type (or CDC topic) none of the consumed topics carries would never run: refuse to start. */
function assertHandledTypesArrive(types: string[], topics: readonly (TopicName | CdcTopicName)[]): void {
  const carried = new Set<string>(
    topics.flatMap((topic) => (isCdcTopic(topic) ? [topic] : (findTopic(topic)?.messages ?? []))),
  );
  const stray = types.filter((type) => !carried.has(type));
  if (stray.length > 0) {
    throw new Error(
      `handlers for ${stray.join(', ')} would never run: none of ${topics.join(', ')} carries them`,
    );
  }
}
