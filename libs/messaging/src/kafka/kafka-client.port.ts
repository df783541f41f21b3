/**
 * The narrow port between the messaging runtime and a Kafka client library. The runtime needs
 * only this; each adapter (kafkajs, @platformatic/kafka) implements it, and one shared test suite
 * runs against every adapter on the real broker.
 *
 * Offsets are decimal strings (Kafka offsets are 64-bit). A committed offset is the offset of the
 * next message to read, as in Kafka itself.
 */

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: string;
}

export type MessageHeaders = Record<string, Buffer | undefined>;

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
  /** Broker or producer timestamp, milliseconds since the epoch. */
  timestamp: number;
}

export interface OutboundMessage {
  topic: string;
  key: string;
  value: Buffer | string;
  headers: Record<string, string>;
}

export interface ProducerPort {
  /** Sends with acks=all from an idempotent producer; resolves when every message is acknowledged. */
  send(messages: OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * How long the broker holds a fetch that finds nothing new. A record ends the wait at once, so this
 * is what an idle consumer costs (a fetch each this often, per consumer) rather than latency;
 * commits and heartbeats queued behind a waiting fetch on its connection wait with it.
 */
export const defaultFetchWaitMs = 500;

/**
 * How long a consumer waits after a fetch that brought records before it fetches again. Under
 * load every record would end a long poll at once, so a consumer would fetch as often as records
 * arrive, and the broker pays per fetch and per partition fetched (docs/performance.md). Waiting
 * gathers what arrives meanwhile into one response; a fetch that came back empty is followed at
 * once, so the first record after a quiet spell is not delayed. Each consumer hop costs up to this
 * much latency under load. The kafkajs adapter cannot hold its fetch loop back and ignores it.
 */
export const defaultFetchPacingMs = 10;

export interface ConsumerOptions {
  clientId: string;
  groupId: string;
  topics: string[];
  /** Where a group with no committed offset starts. */
  fromBeginning: boolean;
  /** Longest time the broker holds a fetch when there is nothing new (a long poll, not a loop); defaultFetchWaitMs. */
  maxWaitMs?: number;
  /** Pause after a fetch that brought records; defaultFetchPacingMs, 0 for none. */
  fetchPacingMs?: number;
  sessionTimeoutMs?: number;
}

/** What a consumer port tells the runtime. */
export interface ConsumerListener {
  /**
   * Fetched messages of one partition, in offset order. The returned promise is the backpressure:
   * the adapter fetches no more for this partition until it resolves.
   */
  onMessages(partition: TopicPartition, messages: InboundMessage[]): Promise<void>;
  /** Partitions this member now owns. */
  onAssigned(partitions: TopicPartition[]): void;
  /**
   * Partitions this member is about to lose (rebalance or stop). The adapter waits for the
   * returned promise before giving them up, so the runtime can drain and commit.
   */
  onRevoked(partitions: TopicPartition[]): Promise<void>;
}

export interface ConsumerPort {
  start(listener: ConsumerListener): Promise<void>;
  pause(partitions: TopicPartition[]): void;
  resume(partitions: TopicPartition[]): void;
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Leaves the group: revokes (see onRevoked), then disconnects. */
  stop(): Promise<void>;
}

export interface GroupDescription {
  groupId: string;
  /** Kafka's group state, e.g. Empty, Stable, PreparingRebalance, Dead. */
  state: string;
  members: number;
}

export interface AdminPort {
  createTopics(
    topics: { topic: string; partitions: number; config?: Record<string, string> }[],
  ): Promise<void>;
  listTopics(): Promise<string[]>;
  partitionCount(topic: string): Promise<number>;
  describeGroup(groupId: string): Promise<GroupDescription>;
  /** The group's committed offsets for a topic; partitions without a commit are left out. */
  groupOffsets(groupId: string, topic: string): Promise<TopicPartitionOffset[]>;
  setGroupOffsets(groupId: string, offsets: TopicPartitionOffset[]): Promise<void>;
  /** Per partition: the first offset whose timestamp is at or after `timestamp` (end offset if none). */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<TopicPartitionOffset[]>;
  earliestOffsets(topic: string): Promise<TopicPartitionOffset[]>;
  latestOffsets(topic: string): Promise<TopicPartitionOffset[]>;
  close(): Promise<void>;
}

export interface KafkaClientPort {
  readonly name: string;
  createProducer(options: { clientId: string }): Promise<ProducerPort>;
  createConsumer(options: ConsumerOptions): Promise<ConsumerPort>;
  createAdmin(options: { clientId: string }): Promise<AdminPort>;
}
