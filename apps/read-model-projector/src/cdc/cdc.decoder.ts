import {
  cdcChange,
  cdcTopicCatalog,
  moduleRow,
  registrationStatusRow,
  type CdcTopicName,
  type ModuleRow,
  type RegistrationStatusRow,
} from '@platform/contracts';
import { PoisonMessageError, type InboundMessage } from '@platform/messaging';
import type { TraceHeaders } from '@platform/observability';
import type { ReadModelName } from '@platform/read-models';
import { z } from 'zod';

/**
 * One CDC record, understood: a row as it is after a change, a deleted row (only its key and WAL
 * position count: with the default replica identity the WAL keeps nothing else of it), or a
 * tombstone (nothing to do).
 */
export type CdcChange =
  | { kind: 'module'; row: ModuleRow }
  | { kind: 'registration'; row: RegistrationStatusRow }
  | { kind: 'deleted'; model: ReadModelName; id: string; lsn: number; sourceTsMs: number }
  | { kind: 'tombstone'; topic: CdcTopicName };

export const cdcTopics: CdcTopicName[] = cdcTopicCatalog.map((topic) => topic.name);

const tables = {
  'cdc.seat_inventory.public.modules': {
    kind: 'module',
    model: 'modules',
    schema: moduleRow,
    deleted: cdcChange({ module_id: z.string() }),
    key: 'module_id',
  },
  'cdc.registration.public.registration_status': {
    kind: 'registration',
    model: 'registrations',
    schema: registrationStatusRow,
    deleted: cdcChange({ registration_id: z.string() }),
    key: 'registration_id',
  },
} as const satisfies Record<
  CdcTopicName,
  { kind: string; model: ReadModelName; schema: z.ZodType; deleted: z.ZodType; key: string }
>;

type Table = (typeof tables)[CdcTopicName];

/**
 * Debezium's JSON (ExtractNewRecordState, schemas disabled; see infra/connectors) to a row change.
 * Anything else throws PoisonMessageError naming what is wrong, so the runtime parks it in the
 * dead-letter topic with that cause and goes on with the partition.
 */
export function decodeCdcRecord(message: InboundMessage): CdcChange {
  const table = (tables as Record<string, Table | undefined>)[message.topic];
  if (!table) throw new PoisonMessageError(`${message.topic} is not a CDC topic of the catalog`);
  if (message.value === null) return { kind: 'tombstone', topic: message.topic as CdcTopicName };

  const key = parseJson(message.key, 'key');
  const value = parseJson(message.value, 'value');
  const isDelete =
    typeof value === 'object' && value !== null && (value as { __deleted?: unknown }).__deleted === 'true';
  const parsed = (isDelete ? table.deleted : table.schema).safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new PoisonMessageError(`value is not a ${message.topic} row: ${issues.join('; ')}`);
  }
  const row = parsed.data as Record<string, unknown> & { __lsn: number; __source_ts_ms: number };
  const id = row[table.key] as string;
  const keyValue =
    typeof key === 'object' && key !== null ? (key as Record<string, unknown>)[table.key] : undefined;
  if (keyValue !== id) {
    throw new PoisonMessageError(`key ${JSON.stringify(key)} does not name the row's ${table.key} ${id}`);
  }
  if (isDelete)
    return { kind: 'deleted', model: table.model, id, lsn: row.__lsn, sourceTsMs: row.__source_ts_ms };
  return table.kind === 'module'
    ? { kind: 'module', row: parsed.data as ModuleRow }
    : { kind: 'registration', row: parsed.data as RegistrationStatusRow };
}

/** The trace context of the write a change comes from: the row's `traceparent` column. */
export function traceOfChange(change: CdcChange): TraceHeaders {
  const traceparent =
    change.kind === 'module' || change.kind === 'registration' ? change.row.traceparent : undefined;
  return traceparent ? { traceparent } : {};
}

function parseJson(bytes: Buffer | null, what: 'key' | 'value'): unknown {
  if (bytes === null) throw new PoisonMessageError(`the record has no ${what}`);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new PoisonMessageError(`${what} is not JSON: ${(error as Error).message}`);
  }
}
