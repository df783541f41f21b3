import type { ConsumerListener, TopicPartition } from './kafka-client.port';
import type { KafkaLogger } from './kafka-client.options';
import type { PartitionDispatcher } from './partition-dispatcher';
import { partitionKey } from './topic-partition';

/**
 * Turns the whole assignments a client reports after each group join into onRevoked/onAssigned
 * calls for what changed. Neither client lets us act before it gives partitions up, so onRevoked
 * runs after the fact on a rebalance (see the adapters); on stop it runs before leaving.
 * Notifications run one after another: onAssigned waits for the onRevoked before it, and a
 * partition's messages wait in the dispatcher until its onAssigned was called.
 */
export class PartitionAssignment {
  private owned = new Map<string, TopicPartition>();
  private notifications: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly listener: Pick<ConsumerListener, 'onAssigned' | 'onRevoked'>,
    private readonly dispatcher: PartitionDispatcher,
    private readonly logger: KafkaLogger,
  ) {}

  /** The group gave this member `partitions`, its whole new assignment. */
  update(partitions: readonly TopicPartition[]): void {
    if (this.closed) return;
    const next = new Map(partitions.map((partition) => [partitionKey(partition), partition]));
    const revoked = [...this.owned].filter(([key]) => !next.has(key)).map(([, partition]) => partition);
    const added = [...next].filter(([key]) => !this.owned.has(key)).map(([, partition]) => partition);
    this.owned = next;
    if (revoked.length === 0 && added.length === 0) return;

    this.dispatcher.revoke(revoked);
    this.dispatcher.assign(added);
    this.notifications = this.notifications.then(async () => {
      if (revoked.length > 0) await this.notifyRevoked(revoked);
      if (added.length > 0) {
        try {
          this.listener.onAssigned(added);
        } catch (error) {
          this.logger.error('onAssigned threw', { error, partitions: added });
        }
        this.dispatcher.announce(added);
      }
    });
  }

  /** Resolves once every change reported so far has been told to the listener. */
  settled(): Promise<void> {
    return this.notifications;
  }

  /** Gives up every owned partition, waiting for the listener's onRevoked; ignores later updates. */
  async revokeAll(): Promise<void> {
    this.closed = true;
    await this.notifications;
    const all = [...this.owned.values()];
    this.owned.clear();
    if (all.length > 0) await this.listener.onRevoked(all);
  }

  private async notifyRevoked(partitions: TopicPartition[]): Promise<void> {
    try {
      await this.listener.onRevoked(partitions);
    } catch (error) {
      this.logger.error('onRevoked rejected', { error, partitions });
    }
  }
}
