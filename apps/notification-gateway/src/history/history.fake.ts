import type { ModuleSeatsView, RegistrationView } from '@platform/read-models';
import type { RealtimeEvent } from '../gateway/realtime.event';
import type { HistoryReader, PartitionPosition } from './history.reader';

export interface FakeHistoryData {
  /** Partition 0 of realtime.updates, the only one: every channel lives in it. */
  position?: PartitionPosition;
  /** Its records, replayed by channel and offset. */
  log?: RealtimeEvent[];
  views?: ModuleSeatsView[];
  registrations?: RegistrationView[];
  /** What reading the positions throws, as when Kafka is unreachable. */
  failure?: Error;
}

/**
 * A HistoryReader over fixed data, in one partition. Without data every partition is empty:
 * subscriptions catch up at once with nothing to replay or snapshot.
 */
export function fakeHistory(data: FakeHistoryData = {}): HistoryReader {
  const position = data.position ?? { epoch: 'topic:0', start: 0n, end: 0n };
  const history: Partial<HistoryReader> = {
    epochOf: (partition: number) => `topic:${partition}`,
    partitionsOf: async () => [0],
    partitionOfChannel: async () => 0,
    positions: async () => {
      if (data.failure) throw data.failure;
      return new Map([[0, position]]);
    },
    replay: async (_partition, channels, until, onEvent, stillWanted = () => true) => {
      for (const event of data.log ?? []) {
        if (!stillWanted()) return false;
        const after = channels.get(event.channel);
        if (after !== undefined && event.offset > after && event.offset <= until) onEvent(event);
      }
      return true;
    },
    moduleViews: async (scope) =>
      (data.views ?? []).filter((view) =>
        scope.kind === 'module'
          ? view.moduleId === scope.moduleId
          : scope.kind !== 'module-pattern' || scope.pattern.test(view.moduleId),
      ),
    registrationsOf: async (studentId) =>
      (data.registrations ?? []).filter((registration) => registration.studentId === studentId),
  };
  return history as HistoryReader;
}
