import {
  Consumer,
  findErrorBy,
  ListOffsetTimestamps,
  murmur2,
  type ClusterMetadata,
  type ClusterTopicMetadata,
  type RecordsBatch,
} from '@platformatic/kafka';
import type { InboundMessage, MessageHeaders, TopicPartition } from '../kafka/kafka-client.port';
import {
  silentKafkaLogger,
  type KafkaConnectionOptions,
  type KafkaLogger,
} from '../kafka/kafka-client.options';
import { platformaticConnection } from '../kafka/kafka-connection';
import {
  OffsetOutOfRangeError,
  type PartitionBounds,
  type PartitionReaderPort,
} from './partition-reader.port';

export interface PlatformaticPartitionReaderOptions extends KafkaConnectionOptions {
  clientId: string;
  /** Bytes asked for per fetch; a batch larger than this still comes whole. */
  maxBytesPerFetch?: number;
  logger?: KafkaLogger;
}

// Control batches (transaction markers) carry this attribute bit; they hold no messages.
const isControlBatch = 0b10_0000;

/**
 * Reads partitions with plain Fetch requests to each partition's leader. The client needs a
 * group id to exist, but never joins: no JoinGroup, no commits, so the group never appears.
 */
export class PlatformaticPartitionReader implements PartitionReaderPort {
  private readonly consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  private readonly maxBytes: number;

  constructor(options: PlatformaticPartitionReaderOptions) {
    this.maxBytes = options.maxBytesPerFetch ?? 1024 * 1024;
    this.consumer = new Consumer({
      clientId: options.clientId,
      groupId: `${options.clientId}.unused`,
      ...platformaticConnection(options),
      autocommit: false,
    });
    const logger = options.logger ?? silentKafkaLogger;
    // An 'error' event nobody listens to would crash the process.
    this.consumer.on('error', (error: Error) => logger.error('@platformatic/kafka reader error', { error }));
  }

  async topicId(topic: string): Promise<string> {
    return this.topicMetadata(await this.metadata(topic), topic).id;
  }

  async partitionCount(topic: string): Promise<number> {
    return this.topicMetadata(await this.metadata(topic), topic).partitionsCount;
  }

  async partitionOf(topic: string, key: string): Promise<number> {
    const count = this.topicMetadata(await this.metadata(topic), topic).partitionsCount;
    // The Java client's partitioner (murmur2, sign bit cleared), which every producer here uses.
    return (murmur2(Buffer.from(key)) & 0x7fffffff) % count;
  }

  async bounds({ topic, partition }: TopicPartition): Promise<PartitionBounds> {
    const at = async (timestamp: bigint): Promise<string> => {
      const offsets = await this.consumer.listOffsets({
        topics: [topic],
        partitions: { [topic]: [partition] },
        timestamp,
      });
      const offset = offsets.get(topic)?.[partition];
      if (offset === undefined) throw new Error(`no offsets for ${topic}/${partition}`);
      return offset.toString();
    };
    const [start, end] = await Promise.all([
      at(ListOffsetTimestamps.EARLIEST),
      at(ListOffsetTimestamps.LATEST),
    ]);
    return { start, end };
  }

  async read(
    tp: TopicPartition,
    range: { from: string; until: string },
    onRecords: (records: InboundMessage[]) => void | Promise<void>,
  ): Promise<void> {
    const until = BigInt(range.until);
    let next = BigInt(range.from);
    while (next < until) {
      const metadata = await this.metadata(tp.topic, true);
      const topic = this.topicMetadata(metadata, tp.topic);
      const leader = topic.partitions[tp.partition]?.leader;
      if (leader === undefined || leader < 0) throw new Error(`${tp.topic}/${tp.partition} has no leader`);
      const response = await this.consumer
        .fetch({
          node: leader,
          maxWaitTime: 0,
          maxBytes: this.maxBytes,
          topics: [
            {
              topicId: topic.id,
              partitions: [
                {
                  partition: tp.partition,
                  fetchOffset: next,
                  partitionMaxBytes: this.maxBytes,
                  currentLeaderEpoch: -1,
                  lastFetchedEpoch: -1,
                },
              ],
            },
          ],
        })
        .catch((error: Error) => {
          if (findErrorBy(error, 'apiId', 'OFFSET_OUT_OF_RANGE'))
            throw new OffsetOutOfRangeError(tp, next.toString());
          throw error;
        });
      const partition = response.responses
        .flatMap((r) => r.partitions)
        .find((p) => p.partitionIndex === tp.partition);
      const batches = partition?.records ?? [];
      const records: InboundMessage[] = [];
      let fetchedUpTo = next;
      for (const batch of batches) {
        fetchedUpTo = bigMax(fetchedUpTo, batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n);
        if (batch.attributes & isControlBatch) continue;
        records.push(
          ...toInbound(tp, batch).filter((m) => BigInt(m.offset) >= next && BigInt(m.offset) < until),
        );
      }
      if (fetchedUpTo === next) {
        // Nothing came back below `until`: the high watermark fell back (a leader change) or the
        // range was past the end when asked. Either way there is nothing more to read.
        if (partition && partition.highWatermark <= next) return;
        throw new Error(`fetching ${tp.topic}/${tp.partition} at ${next} returned nothing`);
      }
      if (records.length > 0) await onRecords(records);
      next = fetchedUpTo;
    }
  }

  close(): Promise<void> {
    return this.consumer.close(true);
  }

  private metadata(topic: string, forceUpdate = false): Promise<ClusterMetadata> {
    return this.consumer.metadata({ topics: [topic], forceUpdate });
  }

  private topicMetadata(metadata: ClusterMetadata, topic: string): ClusterTopicMetadata {
    const found = metadata.topics.get(topic);
    if (!found) throw new Error(`Topic ${topic} does not exist`);
    return found;
  }
}

function toInbound(tp: TopicPartition, batch: RecordsBatch): InboundMessage[] {
  return batch.records.map((record) => {
    const headers: MessageHeaders = {};
    for (const [name, value] of record.headers) if (name) headers[name.toString()] = value ?? undefined;
    return {
      topic: tp.topic,
      partition: tp.partition,
      offset: (batch.firstOffset + BigInt(record.offsetDelta)).toString(),
      key: record.key,
      value: record.value,
      headers,
      timestamp: Number(batch.firstTimestamp + record.timestampDelta),
    };
  });
}

const bigMax = (a: bigint, b: bigint): bigint => (a > b ? a : b);
