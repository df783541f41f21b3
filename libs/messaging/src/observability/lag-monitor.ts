import type { AdminPort } from '../kafka/kafka-client.port';
import type { MessagingMetrics } from './messaging.metrics';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** The partition's end offset minus the group's committed offset (the whole log when none). */
  lag: number;
}

/** Lag per partition of one consumer group, from the broker's offsets. */
export async function measureLag(
  admin: AdminPort,
  groupId: string,
  topics: string[],
): Promise<PartitionLag[]> {
  const lags: PartitionLag[] = [];
  for (const topic of topics) {
    const [ends, committed, starts] = await Promise.all([
      admin.latestOffsets(topic),
      admin.groupOffsets(groupId, topic),
      admin.earliestOffsets(topic),
    ]);
    for (const end of ends) {
      const from =
        committed.find((c) => c.partition === end.partition)?.offset ??
        starts.find((s) => s.partition === end.partition)?.offset ??
        '0';
      const lag = BigInt(end.offset) - BigInt(from);
      lags.push({ topic, partition: end.partition, lag: lag > 0n ? Number(lag) : 0 });
    }
  }
  return lags;
}

/** Refreshes the consumer-lag gauge every `intervalMs` until stopped. */
export function startLagMonitor(
  admin: AdminPort,
  metrics: MessagingMetrics,
  groupId: string,
  topics: string[],
  intervalMs = 5000,
): { stop(): void } {
  const refresh = async () => {
    try {
      for (const { topic, partition, lag } of await measureLag(admin, groupId, topics)) {
        metrics.lag.set({ group: groupId, topic, partition: String(partition) }, lag);
      }
    } catch {
      // A broker hiccup leaves the last values in place; the next round tries again.
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
