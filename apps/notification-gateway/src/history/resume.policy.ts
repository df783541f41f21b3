import type { StreamPosition } from '@platform/contracts';
import type { PartitionPosition } from './history.reader';

/**
 * Whether a client's last position can be continued from the log: same epoch, and every event
 * after it still there (an event's offset is its Kafka offset plus one, so the records after
 * `offset` start at Kafka offset `offset`, which must not be below the log start). A position past
 * the end comes from somewhere else and gets a snapshot like any other unusable one.
 */
export function replayable(partition: PartitionPosition, resume: StreamPosition): boolean {
  const offset = BigInt(resume.offset);
  return resume.epoch === partition.epoch && offset >= partition.start && offset <= partition.end;
}
