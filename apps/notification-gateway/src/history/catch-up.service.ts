import { Inject, Injectable } from '@nestjs/common';
import type { StreamPosition } from '@platform/contracts';
import { frames } from '../protocol/frames';
import { scopeCovers } from '../subscriptions/channel.matcher';
import type { Subscription } from '../subscriptions/subscription';
import { passesFilter, registrationsPass, seatsPass } from '../subscriptions/subscription.filter';
import { HistoryReader, type PartitionPosition } from './history.reader';
import { replayable } from './resume.policy';

/**
 * Brings a new subscription up to the live position: per source channel, a replay from the log
 * when the client's epoch and offset are still in it, otherwise a snapshot from the read model.
 */
@Injectable()
export class CatchUpService {
  constructor(@Inject(HistoryReader) private readonly history: HistoryReader) {}

  async catchUp(subscription: Subscription, resume: Record<string, StreamPosition>): Promise<void> {
    const { scope } = subscription;
    const partitions = await this.history.partitionsOf(scope);
    const positions = await this.history.positions(partitions);
    for (const [partition, position] of positions) subscription.floors.set(partition, position.end);

    const replays = new Map<number, Map<string, bigint>>();
    for (const [channel, { epoch, offset }] of Object.entries(resume)) {
      if (!scopeCovers(scope, channel)) continue;
      const partition = await this.history.partitionOfChannel(channel);
      const position = positions.get(partition);
      if (!position || !replayable(position, { epoch, offset })) continue;
      const channels = replays.get(partition) ?? new Map<string, bigint>();
      channels.set(channel, BigInt(offset));
      replays.set(partition, channels);
    }

    const replayed = new Set<string>();
    for (const [partition, channels] of replays) {
      const epoch = positions.get(partition)!.epoch;
      const until = positions.get(partition)!.end;
      const complete = await this.history.replay(
        partition,
        channels,
        until,
        (event) => {
          if (passesFilter(subscription.filter, event))
            subscription.deliver(event, frames.event(subscription.channel, epoch, event));
        },
        () => !subscription.cancelled && !subscription.connection.isClosing,
      );
      if (complete) for (const channel of channels.keys()) replayed.add(channel);
    }
    if (subscription.cancelled || subscription.connection.isClosing) return;
    await this.sendSnapshots(subscription, positions, replayed);
  }

  /** Snapshots of every channel of the scope that was not replayed. */
  private async sendSnapshots(
    subscription: Subscription,
    positions: Map<number, PartitionPosition>,
    replayed: Set<string>,
  ): Promise<void> {
    const { scope, filter, connection } = subscription;
    if (scope.kind === 'student') {
      const channel = `student:${scope.studentId}`;
      if (replayed.has(channel) || !registrationsPass(filter)) return;
      const partition = await this.history.partitionOfChannel(channel);
      const position = positions.get(partition)!;
      const registrations = await this.history.registrationsOf(scope.studentId);
      connection.send({
        kind: 'snapshot',
        beyondLimit: true,
        frame: frames.snapshot({
          type: 'snapshot',
          subscription: subscription.channel,
          channel,
          epoch: position.epoch,
          offset: position.end.toString(),
          registrations: registrations.map(({ registrationId, moduleId, status, reason, version }) => ({
            registrationId,
            moduleId,
            status,
            ...(reason ? { reason } : {}),
            version,
          })),
        }),
      });
      return;
    }
    const views = await this.history.moduleViews(scope);
    const wanted =
      scope.kind === 'module' && views.length === 0
        ? [{ moduleId: scope.moduleId, view: undefined }]
        : views.map((view) => ({ moduleId: view.moduleId, view }));
    for (const { moduleId, view } of wanted) {
      const channel = `module:${moduleId}`;
      if (replayed.has(channel)) continue;
      if (view && !seatsPass(filter, view.available)) continue;
      if (!view && filter?.types && !filter.types.includes('SeatAvailableChanged')) continue;
      const partition = await this.history.partitionOfChannel(channel);
      const position = positions.get(partition)!;
      connection.send({
        kind: 'snapshot',
        beyondLimit: true,
        conflationKey: `${subscription.channel}|${channel}`,
        frame: frames.snapshot({
          type: 'snapshot',
          subscription: subscription.channel,
          channel,
          epoch: position.epoch,
          offset: position.end.toString(),
          seats: view
            ? [
                {
                  moduleId: view.moduleId,
                  title: view.title,
                  capacity: view.capacity,
                  reserved: view.reserved,
                  confirmed: view.confirmed,
                  available: view.available,
                  version: view.version,
                },
              ]
            : [],
        }),
      });
    }
  }
}
