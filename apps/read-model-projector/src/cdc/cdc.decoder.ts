import {
  cdcTopicCatalog,
  type CdcTopicName,
  type ModuleRow,
  type RegistrationStatusRow,
} from '@platform/contracts';
import { decodeCdcRecord as decodeRecord, type InboundMessage } from '@platform/messaging';
import type { TraceHeaders } from '@platform/observability';
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
  const record = decodeRecord(message);
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

/** The trace context of the write a change comes from: the row's `traceparent` column. */
export function traceOfChange(change: CdcChange): TraceHeaders {
  const traceparent =
    change.kind === 'module' || change.kind === 'registration' ? change.row.traceparent : undefined;
  return traceparent ? { traceparent } : {};
}
