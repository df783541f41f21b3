import { SerialCommits } from '../serial-commits';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import {
  defaultFetchWaitMs,
  type ConsumerListener,
  type ConsumerOptions,
  type ConsumerPort,
  type InboundMessage,
  type MessageHeaders,
  type TopicPartition,
  type TopicPartitionOffset,
} from '../kafka-client.port';
import type { KafkaConnectionOptions, KafkaLogger } from '../kafka-client.options';
import { signedIn } from '../kafka-connection';
import { PartitionAssignment } from '../partition-assignment';
import { PartitionDispatcher } from '../partition-dispatcher';
import { fromTopicPartitionLists } from '../topic-partition';

export interface KafkajsConsumerSettings {
  partitionsConsumedConcurrently: number;
  logger: KafkaLogger;
  onFetch?: () => void;
  /** What the consumer connects with, for the error when the brokers refuse it. */
  connection: KafkaConnectionOptions;
}

/**
 * kafkajs's fetch loop waits until every batch of one fetch has been processed before it fetches
 * from that broker again, so awaiting the listener inside eachBatch would let one slow partition
 * stall all the others. Instead eachBatch hands the batch to the dispatcher and returns (the
 * position advances, eachBatchAutoResolve), and the partition is paused in kafkajs until the
 * listener's promise settles: that is the per-partition backpressure.
 */
export class KafkajsConsumer implements ConsumerPort {
  private readonly consumer: Consumer;
  private dispatcher: PartitionDispatcher | undefined;
  private assignment: PartitionAssignment | undefined;
  private readonly commits = new SerialCommits();
  private stopping: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly settings: KafkajsConsumerSettings,
  ) {
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      rebalanceTimeout: Math.max(60_000, sessionTimeout),
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
      maxWaitTimeInMs: options.maxWaitMs ?? defaultFetchWaitMs,
      allowAutoTopicCreation: false,
    });
  }

  async start(listener: ConsumerListener): Promise<void> {
    if (this.dispatcher) throw new Error('This consumer was already started');
    const { logger, onFetch } = this.settings;
    const dispatcher = new PartitionDispatcher(listener, {
      onFetchableChange: (partition, fetchable) => this.setFetchable(partition, fetchable),
      onDeliveryFailed: (partition, error, attempt) =>
        logger.error('onMessages rejected; the batch will be handed again', { ...partition, attempt, error }),
    });
    const assignment = new PartitionAssignment(listener, dispatcher, logger);
    this.dispatcher = dispatcher;
    this.assignment = assignment;

    const { GROUP_JOIN, FETCH, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) =>
      assignment.update(
        fromTopicPartitionLists(
          Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({ topic, partitions })),
        ),
      ),
    );
    // A crashed kafkajs consumer has already left the group; if it restarts, it joins anew.
    this.consumer.on(CRASH, ({ payload }) => {
      logger.error('kafkajs consumer crashed', { error: payload.error, restart: payload.restart });
      assignment.update([]);
    });
    if (onFetch) this.consumer.on(FETCH, () => onFetch());

    await signedIn(this.settings.connection, () => this.consumer.connect());
    await this.consumer.subscribe({ topics: this.options.topics, fromBeginning: this.options.fromBeginning });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: async ({ batch }: EachBatchPayload) => {
        dispatcher.push(
          { topic: batch.topic, partition: batch.partition },
          batch.messages.map((message) => toInboundMessage(batch.topic, batch.partition, message)),
        );
      },
    });
    await assignment.settled();
  }

  pause(partitions: TopicPartition[]): void {
    this.dispatcher?.pause(partitions);
  }

  resume(partitions: TopicPartition[]): void {
    this.dispatcher?.resume(partitions);
  }

  commit(offsets: TopicPartitionOffset[]): Promise<void> {
    return this.commits.run(() =>
      this.consumer.commitOffsets(
        offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
      ),
    );
  }

  stop(): Promise<void> {
    this.stopping ??= this.leave();
    return this.stopping;
  }

  private async leave(): Promise<void> {
    this.dispatcher?.stop();
    const topics = this.options.topics.map((topic) => ({ topic }));
    if (this.dispatcher) this.holdFetching(() => this.consumer.pause(topics));
    try {
      await this.assignment?.revokeAll();
      await this.commits.settled();
    } finally {
      await this.consumer.disconnect();
    }
  }

  private setFetchable({ topic, partition }: TopicPartition, fetchable: boolean): void {
    if (fetchable) this.holdFetching(() => this.consumer.resume([{ topic, partitions: [partition] }]));
    else this.holdFetching(() => this.consumer.pause([{ topic, partitions: [partition] }]));
  }

  // kafkajs throws on pause/resume while it has no group (crashed and not yet restarted, or
  // stopped); its pause state goes with that group, so there is nothing to hold then.
  private holdFetching(change: () => void): void {
    try {
      change();
    } catch (error) {
      this.settings.logger.warn('kafkajs consumer is not running; pause/resume skipped', { error });
    }
  }
}

function toInboundMessage(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: toHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

// kafkajs gathers repeated header keys into an array; like Kafka's lastHeader(), the last one wins.
// A header with a null value (Debezium writes one for a NULL outbox column) counts as absent.
function toHeaders(headers: IHeaders | undefined): MessageHeaders {
  const result: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    result[name] = last == null ? undefined : Buffer.isBuffer(last) ? last : Buffer.from(last);
  }
  return result;
}
