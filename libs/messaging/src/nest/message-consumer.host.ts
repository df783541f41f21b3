import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { consumerGroupCatalog, deadLetterTopicName, findTopic, type TopicName } from '@platform/contracts';
import { register } from 'prom-client';
import { KeyOrderedConsumer } from '../consumer/key-ordered-consumer';
import { decodeMessage, type DecodedMessage } from '../envelope/incoming-message';
import { createKafkaClient, defaultKafkaClient } from '../kafka-client.factory';
import type { AdminPort, KafkaClientPort, ProducerPort } from '../kafka/kafka-client.port';
import { startLagMonitor } from '../observability/lag-monitor';
import { MessagingMetrics } from '../observability/messaging.metrics';
import { metricsObserver } from '../observability/metrics.observer';
import { composeObservers } from '../observability/compose-observers';
import { HandlerDiscovery } from './handler-discovery';
import { createDispatcher } from './message-dispatcher';
import { MESSAGING_OPTIONS, type MessagingModuleOptions } from './messaging.options';

/**
 * Starts the service's consumer once every provider exists, and drains it (running handlers
 * finish, completed offsets are committed) before the application shuts down.
 */
@Injectable()
export class MessageConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessageConsumerHost.name);
  private consumer?: KeyOrderedConsumer<DecodedMessage>;
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
      maxWaitMs: 100,
    });
    const metrics = messagingMetrics(this.options);
    this.consumer = new KeyOrderedConsumer<DecodedMessage>({
      port,
      deadLetterProducer: this.deadLetterProducer,
      groupId,
      deadLetterTopic: deadLetterTopicName(this.options.service),
      decode: decodeMessage,
      process: createDispatcher(handlers, groupId),
      limits: this.options.limits,
      retry: this.options.retry,
      commitIntervalMs: this.options.commitIntervalMs,
      drainTimeoutMs: this.options.drainTimeoutMs,
      observer: composeObservers(
        metricsObserver(metrics, groupId, (headers) => headers['ce_type']?.toString() ?? 'unknown'),
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

  private topics(): readonly TopicName[] {
    if (this.options.topics) return this.options.topics;
    return consumerGroupCatalog.find((group) => group.name === this.options.service)?.consumes ?? [];
  }

  private client(): KafkaClientPort {
    const client = this.options.client ?? defaultKafkaClient;
    if (typeof client !== 'string') return client;
    const { brokers, sasl, ssl } = this.options;
    return createKafkaClient(client, { brokers, sasl, ssl });
  }
}

/** A handler for a type none of the consumed topics carries would never run: refuse to start. */
function assertHandledTypesArrive(types: string[], topics: readonly TopicName[]): void {
  const carried = new Set(topics.flatMap((topic) => findTopic(topic)?.messages ?? []));
  const stray = types.filter((type) => !carried.has(type));
  if (stray.length > 0) {
    throw new Error(
      `handlers for ${stray.join(', ')} would never run: none of ${topics.join(', ')} carries them`,
    );
  }
}

const metricsByRegistry = new WeakMap<object, MessagingMetrics>();

/** prom-client refuses a metric name twice per registry, so each registry gets one set. */
function messagingMetrics(options: MessagingModuleOptions): MessagingMetrics {
  const registry = options.registry ?? register;
  let metrics = metricsByRegistry.get(registry);
  if (!metrics) {
    metrics = new MessagingMetrics(registry);
    metricsByRegistry.set(registry, metrics);
  }
  return metrics;
}
