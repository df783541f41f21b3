import {
  cdcChange,
  cdcRowSchemas,
  cdcTopicCatalog,
  type CdcRowOf,
  type CdcTopicName,
} from '@platform/contracts';
import { z } from 'zod';
import { PoisonMessageError } from '../consumer/consumer-errors';
import type { InboundMessage } from '../kafka/kafka-client.port';

/**
 * One Debezium CDC record, understood: a row as it is after a change, a deleted row (only its key
 * and WAL position count: with the default replica identity the WAL keeps nothing else of it),
 * or a tombstone (nothing to do).
 */
export type CdcRecord<T extends CdcTopicName = CdcTopicName> =
  | { kind: 'row'; topic: T; row: CdcRowOf<T> }
  | { kind: 'deleted'; topic: T; id: string; lsn: number; sourceTsMs: number }
  | { kind: 'tombstone'; topic: T };

/** What a change handler receives: a row or a deleted row (tombstones carry nothing and are skipped). */
export type RowChange<T extends CdcTopicName = CdcTopicName> = Exclude<CdcRecord<T>, { kind: 'tombstone' }>;

const cdcTopics = new Map<string, (typeof cdcTopicCatalog)[number]>(
  cdcTopicCatalog.map((topic) => [topic.name, topic]),
);

export function isCdcTopic(topic: string): topic is CdcTopicName {
  return cdcTopics.has(topic);
}

/**
 * Debezium's JSON (ExtractNewRecordState, schemas disabled, the key column's value as the record
 * key; see infra/connectors) to a row change.
 * Anything else throws PoisonMessageError naming what is wrong, so the runtime parks it in the
 * dead-letter topic with that cause and goes on with the partition.
 */
export function decodeCdcRecord(message: InboundMessage): CdcRecord {
  const spec = cdcTopics.get(message.topic);
  if (!spec) throw new PoisonMessageError(`${message.topic} is not a CDC topic of the catalog`);
  const topic = spec.name;
  if (message.value === null) return { kind: 'tombstone', topic };

  if (message.key === null) throw new PoisonMessageError('the record has no key');
  const key = message.key.toString('utf8');
  const value = parseValue(message.value);
  const isDelete =
    typeof value === 'object' && value !== null && (value as { __deleted?: unknown }).__deleted === 'true';
  const schema: z.ZodType = isDelete ? cdcChange({ [spec.key]: z.string() }) : cdcRowSchemas[topic];
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new PoisonMessageError(`value is not a ${topic} row: ${issues.join('; ')}`);
  }
  const row = parsed.data as Record<string, unknown> & { __lsn: number; __source_ts_ms: number };
  const id = row[spec.key] as string;
  if (keyOf(key, spec.key) !== id) {
    throw new PoisonMessageError(`key ${JSON.stringify(key)} does not name the row's ${spec.key} ${id}`);
  }
  if (isDelete) return { kind: 'deleted', topic, id, lsn: row.__lsn, sourceTsMs: row.__source_ts_ms };
  return { kind: 'row', topic, row: parsed.data as CdcRowOf<typeof topic> };
}

/**
 * The row's primary key: the key is the key column's value (ExtractField$Key). Records written
 * before December 2026 carry the key as JSON (`{"module_id":"CS101"}`); a compacted topic keeps
 * them, and a rebuild reads them.
 */
function keyOf(key: string, column: string): string | undefined {
  if (!key.startsWith('{')) return key;
  try {
    const parsed = JSON.parse(key) as Record<string, unknown>;
    return typeof parsed[column] === 'string' ? parsed[column] : undefined;
  } catch {
    return undefined;
  }
}

function parseValue(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new PoisonMessageError(`value is not JSON: ${(error as Error).message}`);
  }
}
