import {
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  stringDeserializer,
  type Message,
  type MessagesStream,
} from '@platformatic/kafka';
import { SerialCommits } from '../serial-commits';
import {
  defaultFetchPacingMs,
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
import { platformaticConnection, platformaticSignIn } from '../kafka-connection';
import { PartitionAssignment } from '../partition-assignment';
import { PartitionDispatcher } from '../partition-dispatcher';
import { fromTopicPartitionLists, partitionKey } from '../topic-partition';

type InboundConsumer = Consumer<Buffer, Buffer, string, Buffer>;
type InboundStream = MessagesStream<Buffer, Buffer, string, Buffer>;

export interface PlatformaticConsumerSettings {
  connection: KafkaConnectionOptions;
  /** Messages held in the adapter before the whole stream stops fetching. */
  maxBufferedMessages: number;
  logger: KafkaLogger;
  onFetch?: () => void;
}

const streamReopenDelayMs = 1_000;

/**
 * @platformatic/kafka's message stream fetches every assigned partition together and can only be
 * paused as a whole. So a partition that is paused, or whose previous batch the listener still
 * holds, keeps being fetched: its messages wait in the dispatcher, in memory, and once
 * maxBufferedMessages wait over all partitions the whole stream pauses until the listener drains
 * them below half. Per partition the listener sees the same thing as with kafkajs; the difference
 * is memory held and, past the limit, every partition of the consumer waiting for the slow one.
 */
export class PlatformaticConsumer implements ConsumerPort {
  private readonly consumer: InboundConsumer;
  private stream: InboundStream | undefined;
  private dispatcher: PartitionDispatcher | undefined;
  private assignment: PartitionAssignment | undefined;
  private readonly received = new Map<string, InboundMessage[]>();
  private pausedForBuffer = false;
  private pacingTimer: NodeJS.Timeout | undefined;
  private recordsSinceFetch = 0;
  private reopenTimer: NodeJS.Timeout | undefined;
  private readonly commits = new SerialCommits();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly options: ConsumerOptions,
    private readonly settings: PlatformaticConsumerSettings,
  ) {
    const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
    this.consumer = new Consumer({
      clientId: options.clientId,
      groupId: options.groupId,
      ...platformaticConnection(settings.connection),
      sessionTimeout,
      rebalanceTimeout: Math.max(60_000, sessionTimeout),
      heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeout / 3)),
      maxWaitTime: options.maxWaitMs ?? defaultFetchWaitMs,
      autocommit: false,
      deserializers: { headerKey: stringDeserializer },
    });
    // An 'error' event nobody listens to would crash the process.
    this.consumer.on('error', (error) =>
      settings.logger.error('@platformatic/kafka consumer error', { error }),
    );
  }

  async start(listener: ConsumerListener): Promise<void> {
    if (this.dispatcher) throw new Error('This consumer was already started');
    const { logger } = this.settings;
    const dispatcher = new PartitionDispatcher(listener, {
      onDrain: () => this.resumeIfDrained(),
      onDeliveryFailed: (partition, error, attempt) =>
        logger.error('onMessages rejected; the batch will be handed again', { ...partition, attempt, error }),
    });
    const assignment = new PartitionAssignment(listener, dispatcher, logger);
    this.dispatcher = dispatcher;
    this.assignment = assignment;
    this.consumer.on('consumer:group:join', ({ assignments }) =>
      assignment.update(fromTopicPartitionLists(assignments ?? [])),
    );
    await platformaticSignIn(this.consumer, this.settings.connection);
    await this.openStream();
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
      this.consumer.commit({
        offsets: offsets.map(({ topic, partition, offset }) => ({
          topic,
          partition,
          offset: BigInt(offset),
          leaderEpoch: -1,
        })),
      }),
    );
  }

  stop(): Promise<void> {
    this.stopping ??= this.leave();
    return this.stopping;
  }

  private async leave(): Promise<void> {
    clearTimeout(this.reopenTimer);
    clearTimeout(this.pacingTimer);
    this.dispatcher?.stop();
    this.stream?.pause();
    try {
      await this.assignment?.revokeAll();
      await this.commits.settled();
    } finally {
      await this.stream?.close();
      await this.consumer.close(true);
    }
  }

  private async openStream(): Promise<void> {
    const stream = await this.consumer.consume({
      topics: this.options.topics,
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: this.options.fromBeginning
        ? MessagesStreamFallbackModes.EARLIEST
        : MessagesStreamFallbackModes.LATEST,
      autocommit: false,
      maxWaitTime: this.options.maxWaitMs ?? defaultFetchWaitMs,
    });
    const { logger } = this.settings;
    this.stream = stream;
    this.pausedForBuffer = false;
    clearTimeout(this.pacingTimer);
    this.pacingTimer = undefined;
    stream.on('data', (message) => this.receive(message));
    stream.on('error', (error) => logger.error('@platformatic/kafka message stream failed', { error }));
    stream.on('fetch', () => this.onFetchResponse(stream));
    // The stream dies on errors it cannot recover from, while the consumer stays in the group
    // holding its partitions: open a new one rather than sit on them.
    stream.once('close', () => {
      if (!this.stopping) this.reopenStreamLater();
    });
  }

  private reopenStreamLater(): void {
    this.reopenTimer = setTimeout(() => {
      if (this.stopping) return;
      this.openStream().catch((error: unknown) => {
        this.settings.logger.error('Could not reopen the @platformatic/kafka message stream', { error });
        this.reopenStreamLater();
      });
    }, streamReopenDelayMs);
  }

  // The stream emits a fetch response message by message, synchronously: gather them per partition
  // and hand each partition's run to the dispatcher at once.
  private receive(message: Message<Buffer, Buffer, string, Buffer>): void {
    this.recordsSinceFetch += 1;
    const key = partitionKey(message);
    const run = this.received.get(key);
    if (run) run.push(toInboundMessage(message));
    else this.received.set(key, [toInboundMessage(message)]);
    if (this.received.size === 1 && !run) queueMicrotask(() => this.dispatchReceived());
  }

  private dispatchReceived(): void {
    const dispatcher = this.dispatcher;
    for (const messages of this.received.values()) dispatcher?.push(messages[0]!, messages);
    this.received.clear();
    if (dispatcher && !this.pausedForBuffer && dispatcher.buffered >= this.settings.maxBufferedMessages) {
      this.pausedForBuffer = true;
      this.updateFlow();
    }
  }

  private resumeIfDrained(): void {
    if (!this.pausedForBuffer || this.stopping || !this.dispatcher) return;
    if (this.dispatcher.buffered > this.settings.maxBufferedMessages / 2) return;
    this.pausedForBuffer = false;
    this.updateFlow();
  }

  // The stream emits 'fetch' as a response arrives, then pushes its records synchronously, then
  // queues its next fetch with process.nextTick. A tick queued here runs before that one, so
  // pausing in it holds the next fetch back without holding back the records just delivered.
  private onFetchResponse(stream: InboundStream): void {
    this.settings.onFetch?.();
    const pacingMs = this.options.fetchPacingMs ?? defaultFetchPacingMs;
    if (pacingMs <= 0) return;
    this.recordsSinceFetch = 0;
    process.nextTick(() => {
      if (this.recordsSinceFetch === 0 || this.pacingTimer || this.stopping || this.stream !== stream) return;
      this.pacingTimer = setTimeout(() => {
        this.pacingTimer = undefined;
        this.updateFlow();
      }, pacingMs);
      this.updateFlow();
    });
  }

  private updateFlow(): void {
    if (this.stopping || !this.stream) return;
    const paused = this.pausedForBuffer || this.pacingTimer !== undefined;
    if (paused === this.stream.isPaused()) return;
    if (paused) this.stream.pause();
    else this.stream.resume();
  }
}

function toInboundMessage(message: Message<Buffer, Buffer, string, Buffer>): InboundMessage {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset.toString(),
    key: message.key ?? null,
    value: message.value ?? null,
    headers: toHeaders(message.headerEntries),
    timestamp: Number(message.timestamp),
  };
}

// Like Kafka's lastHeader(), the last of repeated header keys wins.
function toHeaders(entries: [string, Buffer | undefined][]): MessageHeaders {
  const headers: MessageHeaders = {};
  for (const [name, value] of entries) headers[name] = value;
  return headers;
}
