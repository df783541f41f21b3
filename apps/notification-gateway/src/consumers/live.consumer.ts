import { Logger } from '@nestjs/common';
import { deadLetterTopicName, type TopicName } from '@platform/contracts';
import {
  composeObservers,
  KeyOrderedConsumer,
  metricsObserver,
  type DecodeMessage,
  type KafkaClientPort,
  type MessagingMetrics,
  type ProcessMessage,
  type ProducerPort,
  type TopicPartitionOffset,
} from '@platform/messaging';
import { UncommittedPort } from './uncommitted.port';

export const DEAD_LETTER_TOPIC = deadLetterTopicName('notification-gateway');

export interface LiveConsumerOptions<T> {
  kafka: KafkaClientPort;
  groupId: string;
  topic: TopicName;
  /** From the end (what happens from now on), or the whole retained log on every start. */
  fromBeginning: boolean;
  /** Throws for a record that can never be handled: it is dead-lettered as poison. */
  decode: DecodeMessage<T>;
  process: ProcessMessage<T>;
  metrics: MessagingMetrics;
  /** How often the runtime reports its progress to `reached`. */
  progressIntervalMs?: number;
}

/**
 * One topic read by one gateway instance through the messaging runtime: per-key order, poison and
 * failed records dead-lettered to notification-gateway.dlq with the cause, the partition moving
 * on. Nothing is committed to Kafka (see UncommittedPort).
 */
export class LiveConsumer<T> {
  private static readonly logger = new Logger(LiveConsumer.name);

  private constructor(
    private readonly consumer: KeyOrderedConsumer<T>,
    private readonly port: UncommittedPort,
    private readonly deadLetters: ProducerPort,
  ) {}

  static async start<T>(options: LiveConsumerOptions<T>): Promise<LiveConsumer<T>> {
    const { kafka, groupId, topic } = options;
    const deadLetters = await kafka.createProducer({ clientId: `${groupId}-dead-letters` });
    try {
      const port = new UncommittedPort(
        await kafka.createConsumer({
          clientId: groupId,
          groupId,
          topics: [topic],
          fromBeginning: options.fromBeginning,
        }),
      );
      const consumer = new KeyOrderedConsumer<T>({
        port,
        deadLetterProducer: deadLetters,
        groupId,
        deadLetterTopic: DEAD_LETTER_TOPIC,
        decode: options.decode,
        process: options.process,
        // Handling is in memory: a failure is a bug, and running it again would push twice.
        retry: { maxAttempts: 1 },
        commitIntervalMs: options.progressIntervalMs,
        observer: composeObservers(
          metricsObserver(options.metrics, groupId, (headers) => headers['ce_type']?.toString() ?? 'unknown'),
          {
            onDeadLettered: ({ message, reason, error }) =>
              LiveConsumer.logger.warn(
                `dead-lettered ${message.topic}/${message.partition}@${message.offset} (${reason}): ` +
                  `${error instanceof Error ? error.message : String(error)}`,
              ),
          },
        ),
      });
      await consumer.start();
      return new LiveConsumer(consumer, port, deadLetters);
    } catch (error) {
      await deadLetters.close().catch(() => undefined);
      throw error;
    }
  }

  /** Resolves once every record below these offsets was handled or dead-lettered. */
  reached(targets: readonly TopicPartitionOffset[]): Promise<void> {
    return this.port.reached(targets);
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.deadLetters.close();
  }
}
