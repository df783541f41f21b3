import { Inject, Injectable, Logger } from '@nestjs/common';
import { topicOf } from '@platform/contracts';
import { OffsetOutOfRangeError, type PartitionReaderPort } from '@platform/messaging';
import { ReadModelReader, type ModuleSeatsView, type RegistrationView } from '@platform/read-models';
import { PARTITION_READER } from '../core/core.tokens';
import { realtimeEventOf, type RealtimeEvent } from '../gateway/realtime.event';
import { singleChannelOf, type SubscriptionScope } from '../subscriptions/channel.matcher';

export const REALTIME_TOPIC = topicOf('SeatAvailableChanged');

export interface PartitionPosition {
  epoch: string;
  /** The log start offset: a resume below it cannot be replayed. */
  start: bigint;
  /** The end offset: what a replay reads up to and what a snapshot taken now covers. */
  end: bigint;
}

/**
 * The gateway's two sources of the past: realtime.updates itself (a channel's records live in one
 * partition, keyed by channel) and the Redis read model for snapshots.
 *
 * An epoch is `<topic id>:<partition>`: Kafka's topic id changes when the topic is recreated, and
 * the partition changes when the partition count does; either way old offsets mean nothing.
 */
@Injectable()
export class HistoryReader {
  private readonly logger = new Logger(HistoryReader.name);
  private topicId: string | undefined;

  constructor(
    @Inject(PARTITION_READER) private readonly reader: PartitionReaderPort,
    @Inject(ReadModelReader) private readonly readModel: ReadModelReader,
  ) {}

  /** The epoch of live events; known once the first subscription asked for positions. */
  epochOf(partition: number): string {
    return `${this.topicId ?? 'unknown'}:${partition}`;
  }

  async refreshTopicId(): Promise<void> {
    this.topicId = await this.reader.topicId(REALTIME_TOPIC);
  }

  /** The partitions a scope's channels live in: one for a single channel, else every partition. */
  async partitionsOf(scope: SubscriptionScope): Promise<number[]> {
    const channel = singleChannelOf(scope);
    if (channel) return [await this.reader.partitionOf(REALTIME_TOPIC, channel)];
    return this.allPartitions();
  }

  partitionOfChannel(channel: string): Promise<number> {
    return this.reader.partitionOf(REALTIME_TOPIC, channel);
  }

  /** Read before the read model, so a snapshot covers at least every event below each end. */
  async positions(partitions: number[]): Promise<Map<number, PartitionPosition>> {
    await this.refreshTopicId();
    const entries = await Promise.all(
      partitions.map(async (partition) => {
        const bounds = await this.reader.bounds({ topic: REALTIME_TOPIC, partition });
        const position: PartitionPosition = {
          epoch: this.epochOf(partition),
          start: BigInt(bounds.start),
          end: BigInt(bounds.end),
        };
        return [partition, position] as const;
      }),
    );
    return new Map(entries);
  }

  /**
   * Events of `channels` in one partition after each channel's resume offset, up to `until`, in
   * offset order. False when the log no longer holds them (deleted under the reader) or the
   * replay was no longer wanted.
   */
  async replay(
    partition: number,
    channels: Map<string, bigint>,
    until: bigint,
    onEvent: (event: RealtimeEvent) => void,
    stillWanted: () => boolean = () => true,
  ): Promise<boolean> {
    const from = [...channels.values()].reduce((min, offset) => (offset < min ? offset : min));
    try {
      await this.reader.read(
        { topic: REALTIME_TOPIC, partition },
        // Event offsets are Kafka offsets plus one: the records after offset o start at Kafka offset o.
        { from: from.toString(), until: until.toString() },
        (records) => {
          // The client left or unsubscribed: stop reading what nobody will get.
          if (!stillWanted()) throw new ReplayAbandoned();
          for (const record of records) {
            const channel = record.key?.toString('utf8');
            const after = channel === undefined ? undefined : channels.get(channel);
            if (after === undefined) continue;
            const event = this.decode(record);
            if (event && event.offset > after) onEvent(event);
          }
        },
      );
      return true;
    } catch (error) {
      if (error instanceof OffsetOutOfRangeError || error instanceof ReplayAbandoned) return false;
      throw error;
    }
  }

  async moduleViews(scope: SubscriptionScope): Promise<ModuleSeatsView[]> {
    if (scope.kind === 'module') {
      const view = await this.readModel.module(scope.moduleId);
      return view ? [view] : [];
    }
    const views = await this.readModel.modules();
    return scope.kind === 'module-pattern'
      ? views.filter((view) => scope.pattern.test(view.moduleId))
      : views;
  }

  registrationsOf(studentId: string): Promise<RegistrationView[]> {
    return this.readModel.registrationsOf(studentId);
  }

  private async allPartitions(): Promise<number[]> {
    const count = await this.reader.partitionCount(REALTIME_TOPIC);
    return Array.from({ length: count }, (_, partition) => partition);
  }

  private decode(record: Parameters<typeof realtimeEventOf>[0]): RealtimeEvent | undefined {
    try {
      return realtimeEventOf(record);
    } catch (error) {
      this.logger.warn(
        `skipping an undecodable record at ${record.partition}@${record.offset}: ${String(error)}`,
      );
      return undefined;
    }
  }
}

class ReplayAbandoned extends Error {}
