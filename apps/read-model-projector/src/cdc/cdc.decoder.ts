import {
  cdcTopicCatalog,
  type CdcTopicName,
  type ModuleRow,
  type RegistrationStatusRow,
} from '@platform/contracts';
import { decodeCdcRecord as decodeRecord, type CdcRecord, type InboundMessage } from '@platform/messaging';
import type { ReadModelName } from '@platform/read-models';

/**
 * One CDC record as the projector sees it: a row of one of its read models as it is after a
 * change, a deleted row (its key and WAL position), or a tombstone (nothing to do).
 */
export type CdcChange =
  | { kind: 'module'; row: ModuleRow }
  | { kind: 'registration'; row: RegistrationStatusRow }
  | { kind: 'deleted'; model: ReadModelName; id: string; lsn: number; sourceTsMs: number }
  | { kind: 'tombstone'; topic: CdcTopicName };

export const cdcTopics: CdcTopicName[] = cdcTopicCatalog.map((topic) => topic.name);

const modelOf = {
  'cdc.seat_inventory.public.modules': 'modules',
  'cdc.registration.public.registration_status': 'registrations',
} as const satisfies Record<CdcTopicName, ReadModelName>;

/** The runtime's CDC decoding (poison throws PoisonMessageError), named for the read models. */
export function decodeCdcRecord(message: InboundMessage): CdcChange {
  return changeOf(decodeRecord(message));
}

/** A decoded CDC record named for the read model it changes. */
export function changeOf(record: CdcRecord): CdcChange {
  switch (record.kind) {
    case 'tombstone':
      return record;
    case 'deleted':
      return { ...record, model: modelOf[record.topic] };
    case 'row':
      return record.topic === 'cdc.seat_inventory.public.modules'
        ? { kind: 'module', row: record.row as ModuleRow }
        : { kind: 'registration', row: record.row as RegistrationStatusRow };
  }
}
