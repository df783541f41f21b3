import { Inject, Injectable } from '@nestjs/common';
import type { InboundMessage, KafkaClientPort, TopicPartition } from '@platform/messaging';
import { KAFKA_CLIENT } from '../core/core.tokens';

export interface ReplayRequest {
  /** A throwaway consumer group: it starts at the earliest offsets and never commits. */
  groupId: string;
  topics: string[];
  timeoutMs: number;
  /** Called for every record below the end offsets, in offset order per partition. */
  apply(message: InboundMessage): Promise<void>;
}

/**
 * Reads topics from their earliest offsets up to the end offsets captured when the replay starts.
 * On a compacted CDC topic that is at least the latest row of every key (and whatever newer
 * changes compaction has not folded yet).
 */
@Injectable()
export class CdcReplayer {
  constructor(@Inject(KAFKA_CLIENT) private readonly kafka: KafkaClientPort) {}

  /** Resolves with the records applied per topic once every partition reached its end offset. */
  async replay(request: ReplayRequest): Promise<Record<string, number>> {
    const ends = await this.endOffsets(request);
    const counts: Record<string, number> = Object.fromEntries(request.topics.map((topic) => [topic, 0]));
    if (ends.size === 0) return counts;

    const remaining = new Set(ends.keys());
    let finish!: () => void;
    let fail!: (error: unknown) => void;
    const done = new Promise<void>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `the replay did not reach the end offsets within ${request.timeoutMs} ms: ` +
              `${[...remaining].join(', ')} behind`,
          ),
        ),
      request.timeoutMs,
    );
    const consumer = await this.kafka.createConsumer({
      clientId: request.groupId,
      groupId: request.groupId,
      topics: request.topics,
      fromBeginning: true,
    });
    try {
      await consumer.start({
        onAssigned: () => undefined,
        onRevoked: async () => undefined,
        onMessages: async (partition, messages) => {
          const id = partitionId(partition);
          const end = ends.get(id);
          if (end === undefined || !remaining.has(id)) return;
          const due = messages.filter((message) => BigInt(message.offset) < end);
          try {
            // Issued in offset order on one Redis connection, so they also run in that order.
            await Promise.all(due.map((message) => request.apply(message)));
          } catch (error) {
            fail(error);
            return;
          }
          counts[partition.topic] = (counts[partition.topic] ?? 0) + due.length;
          const last = messages.at(-1);
          if (last && BigInt(last.offset) + 1n >= end) {
            remaining.delete(id);
            if (remaining.size === 0) finish();
          }
        },
      });
      await done;
    } finally {
      clearTimeout(timer);
      await consumer.stop();
    }
    return counts;
  }

  /** Per non-empty partition, the offset one past its last record now. */
  private async endOffsets(request: ReplayRequest): Promise<Map<string, bigint>> {
    const admin = await this.kafka.createAdmin({ clientId: `${request.groupId}-offsets` });
    try {
      const ends = new Map<string, bigint>();
      for (const topic of request.topics) {
        const [earliest, latest] = await Promise.all([
          admin.earliestOffsets(topic),
          admin.latestOffsets(topic),
        ]);
        for (const end of latest) {
          const start = earliest.find((offset) => offset.partition === end.partition)?.offset ?? '0';
          if (BigInt(end.offset) > BigInt(start)) ends.set(partitionId(end), BigInt(end.offset));
        }
      }
      return ends;
    } finally {
      await admin.close();
    }
  }
}

function partitionId({ topic, partition }: TopicPartition): string {
  return `${topic}/${partition}`;
}
