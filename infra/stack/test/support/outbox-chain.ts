import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, IHeaders } from 'kafkajs';
import type Redis from 'ioredis';
import type { Client } from 'pg';
import { addToOutbox } from '@platform/messaging';
import { kafkaClient, redisClient, smokeDatabase } from './stack-clients';
import { addTestConnectors } from '../../src/provisioning/test-connectors';
import { loadStackConfig } from '../../src/stack.config';

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  payload: Record<string, unknown>;
  traceparent: string;
  correlationId: string;
  causationId: string;
}

export interface ArrivedRecord {
  key: string;
  value: unknown;
  /** The value's bytes as UTF-8, as they came. */
  rawValue: string;
  headers: Record<string, string>;
  partition: number;
}

/**
 * The chain the smoke test drives: a row in the smoke database's outbox, Debezium's outbox
 * event router, a Kafka topic of its own, a kafkajs consumer, and Redis where the consumer
 * writes what it received.
 */
export class OutboxChain {
  readonly topic = `smoke.chain-${randomUUID().slice(0, 8)}`;
  private readonly redisPrefix = `smoke:${this.topic}:`;
  private db!: Client;
  private redis!: Redis;
  private admin!: Admin;
  private consumer!: Consumer;

  async open(): Promise<void> {
    await addTestConnectors(loadStackConfig());
    const kafka = kafkaClient('smoke-test');
    this.admin = kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({
      topics: [{ topic: this.topic, numPartitions: 3 }],
      waitForLeaders: true,
    });
    this.db = await smokeDatabase();
    this.redis = redisClient();
    this.consumer = kafka.consumer({ groupId: `${this.topic}-reader`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers = decodeHeaders(message.headers);
        const record: ArrivedRecord = {
          key: message.key?.toString() ?? '',
          value: JSON.parse(message.value?.toString() ?? 'null'),
          rawValue: message.value?.toString('utf8') ?? '',
          headers,
          partition,
        };
        await this.redis
          .multi()
          .set(`${this.redisPrefix}${headers['ce_id']}`, JSON.stringify(record))
          .rpush(`${this.redisPrefix}order:${record.key}`, headers['ce_id'] ?? '')
          .exec();
      },
    });
  }

  /**
   * Keeps the topic: were it deleted while a row for it still waited in the replication slot,
   * Debezium would stall on the missing topic and hold back every later row. `stack reset` clears it.
   */
  async close(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
    const keys = await this.redis?.keys(`${this.redisPrefix}*`);
    if (keys?.length) await this.redis.del(...keys);
    this.redis?.disconnect();
    await this.db?.end();
  }

  newRow(overrides: Partial<OutboxRow> = {}): OutboxRow {
    return {
      id: randomUUID(),
      topic: this.topic,
      key: `module-${randomUUID().slice(0, 4)}`,
      type: 'SmokeTested',
      payload: { hello: 'world', n: 1 },
      traceparent: `00-${randomUUID().replaceAll('-', '')}-${randomUUID().replaceAll('-', '').slice(0, 16)}-01`,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      ...overrides,
    };
  }

  /** Writes the row with the messaging library's outbox writer (insert and delete in one transaction). */
  async insert(row: OutboxRow): Promise<void> {
    await addToOutbox(this.db, {
      id: row.id,
      topic: row.topic,
      key: row.key,
      type: row.type,
      data: row.payload,
      source: '/tests/smoke',
      time: new Date().toISOString(),
      subject: row.key,
      dataschema: `urn:course-platform:schema:${row.type}:1`,
      correlationId: row.correlationId,
      causationId: row.causationId,
      traceparent: row.traceparent,
      tracestate: 'smoke=1',
    });
  }

  async insertInTransaction(rows: OutboxRow[], outcome: 'commit' | 'rollback'): Promise<void> {
    await this.db.query('BEGIN');
    try {
      for (const row of rows) await this.insert(row);
      await this.db.query(outcome === 'commit' ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      await this.db.query('ROLLBACK');
      throw error;
    }
  }

  async arrived(id: string): Promise<ArrivedRecord | undefined> {
    const stored = await this.redis.get(`${this.redisPrefix}${id}`);
    return stored ? (JSON.parse(stored) as ArrivedRecord) : undefined;
  }

  /** The ids of one key's records in the order the consumer received them. */
  async arrivalOrder(key: string): Promise<string[]> {
    return this.redis.lrange(`${this.redisPrefix}order:${key}`, 0, -1);
  }

  /** Waits for a row's record to reach Redis; undefined when it has not within the time limit. */
  async waitForArrival(id: string, timeoutMs: number): Promise<ArrivedRecord | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const record = await this.arrived(id);
      if (record) return record;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return undefined;
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) decoded[name] = value.toString();
  }
  return decoded;
}
