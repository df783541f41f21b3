import { setTimeout as sleep } from 'node:timers/promises';
import { consumerGroupCatalog, deadLetterTopicName, topicsConsumedBy } from '@platform/contracts';
import { createKafkaClient, measureLag, type AdminPort } from '@platform/messaging';
import { loadStackConfig } from '@platform/stack';

// The gateway's instances read in groups of their own and commit nothing (the log is its history).
const committingGroups = consumerGroupCatalog.filter((group) => group.name !== 'notification-gateway');

/** Dead letters per group: the end offset of its dead-letter topic, summed over partitions. */
export type DeadLetterCounts = Record<string, number>;

/**
 * What the Kafka side of the platform says about its health: the consumer groups' lag and the
 * dead-letter topics. Used to check after a fault that no partition stalled and that nothing
 * was parked that was not poison.
 */
export class PlatformHealth {
  private constructor(private readonly admin: AdminPort) {}

  static async open(): Promise<PlatformHealth> {
    const { endpoints } = loadStackConfig();
    const kafka = createKafkaClient('platformatic', { brokers: endpoints.kafka.brokers });
    return new PlatformHealth(await kafka.createAdmin({ clientId: 'fault-matrix' }));
  }

  async deadLetters(): Promise<DeadLetterCounts> {
    const counts: DeadLetterCounts = {};
    for (const group of consumerGroupCatalog) {
      const ends = await this.admin.latestOffsets(deadLetterTopicName(group.name));
      counts[group.name] = ends.reduce((sum, end) => sum + Number(end.offset), 0);
    }
    return counts;
  }

  /** Waits until every committing group has caught up; returns the groups still behind at the deadline. */
  async waitForZeroLag(timeoutMs = 120_000): Promise<Record<string, number>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind: Record<string, number> = {};
      for (const group of committingGroups) {
        const lags = await measureLag(this.admin, group.name, topicsConsumedBy(group)).catch(() => undefined);
        const total = lags ? lags.reduce((sum, { lag }) => sum + lag, 0) : Number.NaN;
        if (!(total === 0)) behind[group.name] = total;
      }
      if (Object.keys(behind).length === 0 || Date.now() > deadline) return behind;
      await sleep(1_000);
    }
  }

  close(): Promise<void> {
    return this.admin.close();
  }
}

/** The groups whose dead-letter topics grew between two counts, with how many were added. */
export function newDeadLetters(before: DeadLetterCounts, after: DeadLetterCounts): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([group, count]) => [group, count - (before[group] ?? 0)] as const)
      .filter(([, added]) => added > 0),
  );
}
