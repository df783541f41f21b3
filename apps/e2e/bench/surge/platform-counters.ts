import { createKafkaClient } from '@platform/messaging';
import type { StackConfig } from '@platform/stack';
import { Client } from 'pg';

/** Work counters of the whole platform at one moment; the difference of two is what a run cost. */
export interface PlatformCounters {
  /** Per database (the shared one holds four services' schemas): committed transactions. */
  commits: Record<string, number>;
  /** Rows inserted, updated and deleted, all databases. */
  rowsWritten: number;
  /** Rows index and sequential scans returned, all databases. */
  rowsRead: number;
  /** Per topic: records written (end offsets summed over partitions); __consumer_offsets holds the offset commits. */
  records: Record<string, number>;
}

const OFFSETS_TOPIC = '__consumer_offsets';

export async function readPlatformCounters(config: StackConfig): Promise<PlatformCounters> {
  const [database, records] = await Promise.all([databaseCounters(config), topicCounters(config)]);
  return { ...database, records };
}

export function countersBetween(from: PlatformCounters, to: PlatformCounters): PlatformCounters {
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(b).map(([key, value]) => [key, value - (a[key] ?? 0)]));
  return {
    commits: diff(from.commits, to.commits),
    rowsWritten: to.rowsWritten - from.rowsWritten,
    rowsRead: to.rowsRead - from.rowsRead,
    records: diff(from.records, to.records),
  };
}

export const totalCommits = (counters: PlatformCounters): number =>
  Object.values(counters.commits).reduce((sum, n) => sum + n, 0);

/** Records on the platform's topics: neither offset commits nor Debezium's heartbeat topics. */
export const dataRecords = (counters: PlatformCounters): number =>
  Object.entries(counters.records)
    .filter(([topic]) => !topic.startsWith('__'))
    .reduce((sum, [, n]) => sum + n, 0);

export const offsetCommits = (counters: PlatformCounters): number => counters.records[OFFSETS_TOPIC] ?? 0;

async function databaseCounters(config: StackConfig): Promise<Omit<PlatformCounters, 'records'>> {
  const { host, port, user, password } = config.endpoints.postgres;
  const client = new Client({ host, port, user, password, database: 'postgres' });
  await client.connect();
  try {
    const databases = [...new Set(config.databases.map((store) => store.database))];
    const result = await client.query<{ datname: string; commits: string; written: string; read: string }>(
      `SELECT datname, xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS written,
              tup_returned AS read
         FROM pg_stat_database WHERE datname = ANY($1)`,
      [databases],
    );
    return {
      commits: Object.fromEntries(result.rows.map((row) => [row.datname, Number(row.commits)])),
      rowsWritten: result.rows.reduce((sum, row) => sum + Number(row.written), 0),
      rowsRead: result.rows.reduce((sum, row) => sum + Number(row.read), 0),
    };
  } finally {
    await client.end();
  }
}

async function topicCounters(config: StackConfig): Promise<Record<string, number>> {
  // kafkajs: @platformatic/kafka's admin does not see internal topics such as __consumer_offsets.
  const kafka = createKafkaClient('kafkajs', { brokers: config.endpoints.kafka.brokers });
  const admin = await kafka.createAdmin({ clientId: 'bench-counters' });
  try {
    const topics = [...(await admin.listTopics()), OFFSETS_TOPIC];
    const ends = await Promise.all(topics.map((topic) => admin.latestOffsets(topic)));
    return Object.fromEntries(
      topics.map((topic, i) => [topic, ends[i]!.reduce((sum, { offset }) => sum + Number(offset), 0)]),
    );
  } finally {
    await admin.close();
  }
}
