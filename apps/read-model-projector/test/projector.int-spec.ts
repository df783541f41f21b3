import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { deadLetterTopicName } from '@platform/contracts';
import {
  createKafkaClient,
  decodeMessage,
  kafkaClientKinds,
  type ConsumerPort,
  type DecodedMessage,
  type InboundMessage,
  type KafkaClientKind,
  type ProducerPort,
} from '@platform/messaging';
import {
  ACTIVE_GENERATION_KEY,
  generationKeys,
  ReadModelReader,
  WRITABLE_GENERATIONS_KEY,
  type ModuleSeatsView,
} from '@platform/read-models';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { AppModule } from '../src/app.module';
import type { RebuildReport } from '../src/rebuild/rebuild.service';
import { PrivateRedis } from '@platform/testing';
import { databasePool, eventually, freshId, stackConfig } from './support/stack';

// The projector in process against the real stack: module rows written to seat_inventory reach
// Redis through Debezium's CDC connector and the projector's own (fresh) consumer group. Redis is a
// private redis-server, so the spec owns readmodel:active and can flush it; Kafka and Postgres are
// shared, so every row and record the spec writes uses module ids of its own.
jest.setTimeout(300_000);

const CDC_MODULES = 'cdc.seat_inventory.public.modules';

interface ModuleRowInDb {
  module_id: string;
  title: string;
  capacity: number;
  reserved: number;
  confirmed: number;
  fee_cents: number;
  currency: string;
}

describe.each(kafkaClientKinds)('read-model-projector on %s', (client: KafkaClientKind) => {
  const run = freshId('PRJ');
  const id = (name: string) => `${run}-${name}`;
  const probe = id('probe');
  const preexisting = id('pre');
  const groupId = `test.read-model-projector-${randomUUID().slice(0, 8)}`;
  const updates: { key: string; message: DecodedMessage }[] = [];
  const deadLetters: InboundMessage[] = [];
  let server: PrivateRedis;
  let redis: Redis;
  let reader: ReadModelReader;
  let db: Pool;
  let registrationDb: Pool;
  let app: INestApplication;
  let baseUrl: string;
  let realtimeReader: ConsumerPort;
  let deadLetterReader: ConsumerPort;
  let producer: ProducerPort;

  const sql = (text: string, values: unknown[]) => db.query(text, values);
  const insertModule = (moduleId: string, capacity: number, feeCents = 0) =>
    sql(`INSERT INTO modules (module_id, title, capacity, fee_cents) VALUES ($1, $2, $3, $4)`, [
      moduleId,
      `Projector ${moduleId}`,
      capacity,
      feeCents,
    ]);
  const setSeats = (moduleId: string, reserved: number, confirmed = 0) =>
    sql(`UPDATE modules SET reserved = $2, confirmed = $3, updated_at = now() WHERE module_id = $1`, [
      moduleId,
      reserved,
      confirmed,
    ]);
  const seatUpdatesOf = (moduleId: string) =>
    updates.filter(
      (update) => update.message.type === 'SeatAvailableChanged' && update.key === `module:${moduleId}`,
    );
  const viewOf = (moduleId: string) => reader.module(moduleId);
  const untilView = (moduleId: string, matches: (view: ModuleSeatsView) => boolean, what: string) =>
    eventually(what, async () => {
      const view = await viewOf(moduleId);
      return view && matches(view) ? view : undefined;
    });
  const expectedView = (row: ModuleRowInDb) => ({
    moduleId: row.module_id,
    title: row.title,
    capacity: row.capacity,
    reserved: row.reserved,
    confirmed: row.confirmed,
    available: row.capacity - row.reserved - row.confirmed,
    fee: { amountCents: row.fee_cents, currency: row.currency },
  });
  const metric = async (line: string): Promise<number> => {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const found = text.split('\n').find((entry) => entry.startsWith(line));
    return found ? Number(found.slice(line.length).trim()) : 0;
  };

  beforeAll(async () => {
    server = await PrivateRedis.start();
    redis = server.client();
    reader = new ReadModelReader(redis);
    db = databasePool('seat_inventory');
    registrationDb = databasePool('registration');
    await insertModule(preexisting, 4);
    await insertModule(probe, 1);

    const stack = stackConfig(server.port);
    const config = { ...stack, kafka: { ...stack.kafka, client }, httpPort: 0 };
    const kafka = createKafkaClient(config.kafka.client, { brokers: config.kafka.brokers });
    realtimeReader = await kafka.createConsumer({
      clientId: 'projector-realtime-reader',
      groupId: `test.projector-realtime-${randomUUID().slice(0, 8)}`,
      topics: ['realtime.updates'],
      fromBeginning: false,
      maxWaitMs: 100,
    });
    await realtimeReader.start({
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
      onMessages: async (_partition, messages) => {
        for (const message of messages) {
          const key = message.key?.toString() ?? '';
          if (key.includes(run)) updates.push({ key, message: decodeMessage(message) });
        }
      },
    });
    deadLetterReader = await kafka.createConsumer({
      clientId: 'projector-dlq-reader',
      groupId: `test.projector-dlq-${randomUUID().slice(0, 8)}`,
      topics: [deadLetterTopicName('read-model-projector')],
      // One small partition; the group header tells this run's dead letters apart.
      fromBeginning: true,
      maxWaitMs: 100,
    });
    await deadLetterReader.start({
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
      onMessages: async (_partition, messages) => {
        for (const message of messages) {
          if (message.headers['dlq_consumer_group']?.toString() === groupId) deadLetters.push(message);
        }
      },
    });
    producer = await kafka.createProducer({ clientId: 'projector-test-producer' });

    app = await NestFactory.create(
      AppModule.forRoot(config, {
        groupId,
        fromBeginning: false,
        retry: { baseDelayMs: 50, maxDelayMs: 500 },
      }),
      { logger: process.env.TEST_NEST_LOGS ? undefined : false },
    );
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();

    // The group starts at the end of the topics: change the probe until both the projector and
    // the realtime reader show they see it, so neither misses what the tests write next.
    let capacity = 1;
    await eventually(
      'the projector and the realtime reader to be assigned',
      async () => {
        capacity += 1;
        await sql(`UPDATE modules SET capacity = $2 WHERE module_id = $1`, [probe, capacity]);
        return eventually(
          'the probe change on realtime.updates',
          () =>
            seatUpdatesOf(probe).some(
              (update) => (update.message.data as { capacity: number }).capacity === capacity,
            ),
          3_000,
        ).catch(() => false);
      },
      120_000,
    );
  });

  afterAll(async () => {
    await app?.close();
    await realtimeReader?.stop();
    await deadLetterReader?.stop();
    await producer?.close();
    await db?.query(`DELETE FROM modules WHERE module_id LIKE $1`, [`${run}-%`]);
    await db?.end();
    await registrationDb?.query(`DELETE FROM registration_status WHERE registration_id LIKE $1`, [
      `${run}-%`,
    ]);
    await registrationDb?.end();
    redis?.disconnect();
    await server?.stop();
  });

  it('builds a whole generation before consuming when Redis starts empty', async () => {
    expect(await redis.get(ACTIVE_GENERATION_KEY)).toBeTruthy();
    expect(await viewOf(preexisting)).toMatchObject({ capacity: 4, reserved: 0, available: 4 });
  });

  it('projects inserts and updates into Redis within seconds and publishes SeatAvailableChanged on the module channel', async () => {
    const moduleId = id('A');
    const startedAt = Date.now();
    await insertModule(moduleId, 10, 2500);
    await setSeats(moduleId, 3, 2);

    const view = await untilView(moduleId, (v) => v.reserved === 3, 'the updated seats in Redis');
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(view).toMatchObject({
      moduleId,
      capacity: 10,
      reserved: 3,
      confirmed: 2,
      available: 5,
      fee: { amountCents: 2500, currency: 'EUR' },
    });

    const published = await eventually('SeatAvailableChanged with the new counts', () =>
      seatUpdatesOf(moduleId).find((update) => (update.message.data as { reserved: number }).reserved === 3),
    );
    expect(published.key).toBe(`module:${moduleId}`);
    expect(published.message.envelope.source).toBe('/services/read-model-projector');
    expect(published.message.data).toMatchObject({
      channel: `module:${moduleId}`,
      moduleId,
      capacity: 10,
      reserved: 3,
      confirmed: 2,
      available: 5,
    });
  });

  it('ignores a change with a lower LSN than the one it holds, and tells nobody', async () => {
    const moduleId = id('A');
    const current = await untilView(moduleId, (v) => v.reserved === 3, 'module A');
    const staleBefore = await metric('read_model_changes_total{model="modules",outcome="stale"}');
    const stale = {
      module_id: moduleId,
      title: current.title,
      capacity: 10,
      reserved: 9,
      confirmed: 0,
      updated_at: new Date().toISOString(),
      fee_cents: 2500,
      currency: 'EUR',
      __deleted: 'false',
      __op: 'u',
      __lsn: current.version - 1,
      __source_ts_ms: Date.now(),
    };
    // Keyed as Debezium keys the row, so it lands on the row's partition, before the real change below.
    await producer.send([
      {
        topic: CDC_MODULES,
        key: moduleId,
        value: JSON.stringify(stale),
        headers: {},
      },
    ]);
    await setSeats(moduleId, 4, 2);

    await untilView(moduleId, (v) => v.reserved === 4, 'the real change after the stale one');
    expect(await metric('read_model_changes_total{model="modules",outcome="stale"}')).toBeGreaterThan(
      staleBefore,
    );
    await eventually('SeatAvailableChanged for the real change', () =>
      seatUpdatesOf(moduleId).some((update) => (update.message.data as { reserved: number }).reserved === 4),
    );
    expect(
      seatUpdatesOf(moduleId).some((update) => (update.message.data as { reserved: number }).reserved === 9),
    ).toBe(false);
  });

  it('parks a record it cannot parse in read-model-projector.dlq with the cause, and applies the next one', async () => {
    const moduleId = id('A');
    const key = moduleId;
    await producer.send([{ topic: CDC_MODULES, key, value: 'not json{', headers: {} }]);
    await setSeats(moduleId, 5, 2);

    await untilView(moduleId, (v) => v.reserved === 5, 'the change after the garbage');
    const parked = await eventually('the garbage in the dead-letter topic', () =>
      deadLetters.find((message) => message.key?.toString() === key),
    );
    const header = (name: string) => parked.headers[name]?.toString();
    expect(parked.value?.toString()).toBe('not json{');
    expect(header('dlq_reason')).toBe('poison');
    expect(header('dlq_error')).toMatch(/value is not JSON/);
    expect(header('dlq_original_topic')).toBe(CDC_MODULES);
  });

  it('rebuilds into a new generation equal to Postgres, while readers never see a missing or half-built entry', async () => {
    const ids = ['B', 'C', 'D', 'E'].map(id);
    for (const moduleId of ids) await insertModule(moduleId, 20);
    for (const moduleId of ids) await untilView(moduleId, () => true, `${moduleId} in Redis`);
    const [missing, corrupt, busy, steady] = ids as [string, string, string, string];
    const previous = (await redis.get(ACTIVE_GENERATION_KEY))!;
    const keys = generationKeys(previous);
    await redis.hdel(keys.modules, missing);
    const corrupted = JSON.parse((await redis.hget(keys.modules, corrupt))!) as ModuleSeatsView;
    await redis.hset(keys.modules, corrupt, JSON.stringify({ ...corrupted, capacity: 999 }));

    // Readers poll the entries the corruption left alone, all through the rebuild.
    const intact = [id('A'), busy, steady, preexisting];
    const violations: string[] = [];
    const seenGenerations = new Set<string>();
    let polls = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        seenGenerations.add((await redis.get(ACTIVE_GENERATION_KEY)) ?? 'none');
        const views = await Promise.all(intact.map(viewOf));
        views.forEach((view, i) => {
          if (!view) violations.push(`${intact[i]} missing`);
        });
        const listed = new Set((await reader.modules()).map((view) => view.moduleId));
        for (const moduleId of intact) if (!listed.has(moduleId)) violations.push(`${moduleId} not listed`);
        polls += 1;
      }
    })();
    // Live changes during the rebuild reach both generations.
    const writer = (async () => {
      for (let reserved = 1; reserved <= 5; reserved++) await setSeats(busy, reserved);
    })();

    const response = await fetch(`${baseUrl}/admin/read-models/rebuild`, { method: 'POST' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as RebuildReport;
    await writer;
    // The readers polled across the switch: before it, and after it at least once.
    await eventually('a poll after the switch', () => seenGenerations.has(report.generation));
    polling = false;
    await poller;
    expect(seenGenerations).toEqual(new Set([previous, report.generation]));
    expect(report.previousGeneration).toBe(previous);
    expect(report.generation).not.toBe(previous);
    expect(report.comparison.modules.missing).toBeGreaterThanOrEqual(1);
    expect(report.comparison.modules.differing).toBeGreaterThanOrEqual(1);
    expect(report.replayed.topics[CDC_MODULES]).toBeGreaterThan(0);
    expect(report.replayed.skipped).toBeGreaterThanOrEqual(1);
    expect(violations).toEqual([]);
    expect(polls).toBeGreaterThan(0);

    expect(await redis.get(ACTIVE_GENERATION_KEY)).toBe(report.generation);
    expect(await redis.smembers(WRITABLE_GENERATIONS_KEY)).toEqual([report.generation]);
    expect(await redis.keys(`readmodel:${previous}:*`)).toEqual([]);

    const rows = await sql(`SELECT * FROM modules WHERE module_id LIKE $1 ORDER BY module_id`, [`${run}-%`]);
    await eventually('every module of the run equal to its row', async () => {
      for (const row of rows.rows as ModuleRowInDb[]) {
        const view = await viewOf(row.module_id);
        if (!view) return false;
        const { version: _version, updatedAt: _updatedAt, ...counts } = view;
        if (JSON.stringify(counts) !== JSON.stringify(expectedView(row))) return false;
      }
      return true;
    });
    expect(await viewOf(busy)).toMatchObject({ reserved: 5, available: 15 });
  });

  it('removes the entry of a deleted row and tells the module channel with ModuleRemoved', async () => {
    const moduleId = id('E');
    const held = (await viewOf(moduleId))!;
    await sql(`DELETE FROM modules WHERE module_id = $1`, [moduleId]);
    await eventually(
      'the deleted module gone from Redis',
      async () => (await viewOf(moduleId)) === undefined,
    );
    expect((await reader.modules()).some((view) => view.moduleId === moduleId)).toBe(false);

    const removed = await eventually('ModuleRemoved on the module channel', () =>
      updates.find(
        (update) => update.message.type === 'ModuleRemoved' && update.key === `module:${moduleId}`,
      ),
    );
    const data = removed.message.data as { moduleId: string; version: number; changedAt: string };
    expect(data).toMatchObject({ channel: `module:${moduleId}`, moduleId });
    // Newer than any view of the module a client can hold, so it is never dropped as stale.
    expect(data.version).toBeGreaterThan(held.version);
  });

  it("projects registration status rows into the student's set and publishes on the student channel", async () => {
    const student = id('student');
    const [first, second] = [id('reg-1'), id('reg-2')];
    const status = (
      registrationId: string,
      moduleId: string,
      value: string,
      reason: string | null,
      version: number,
    ) =>
      registrationDb.query(
        `INSERT INTO registration_status (registration_id, student_id, module_id, status, reason, version)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (registration_id) DO UPDATE SET status = $4, reason = $5, version = $6, updated_at = now()`,
        [registrationId, student, moduleId, value, reason, version],
      );
    const statusesOf = async () =>
      Object.fromEntries(
        (await reader.registrationsOf(student)).map((view) => [view.registrationId, view.status]),
      );

    await status(first, id('A'), 'PENDING', null, 1);
    await status(second, id('B'), 'PENDING', null, 1);
    await status(first, id('A'), 'CANCELLED', 'NO_SEAT', 2);
    await status(second, id('B'), 'COMPLETED', null, 2);
    await eventually('both registrations in their final state', async () => {
      const statuses = await statusesOf();
      return statuses[first] === 'CANCELLED' && statuses[second] === 'COMPLETED';
    });
    expect(await reader.registration(first)).toMatchObject({ studentId: student, reason: 'NO_SEAT' });

    const published = await eventually('RegistrationStatusChanged for the cancellation', () =>
      updates.find(
        (update) =>
          update.message.type === 'RegistrationStatusChanged' &&
          (update.message.data as { registrationId: string; status: string }).registrationId === first &&
          (update.message.data as { status: string }).status === 'CANCELLED',
      ),
    );
    expect(published.key).toBe(`student:${student}`);
    expect(published.message.data).toMatchObject({
      channel: `student:${student}`,
      studentId: student,
      reason: 'NO_SEAT',
    });

    // A delete keeps only the key in the WAL; the stored view tells whose set to leave.
    await registrationDb.query(`DELETE FROM registration_status WHERE registration_id = $1`, [second]);
    await eventually('the deleted registration gone from the student', async () => {
      const statuses = await statusesOf();
      return statuses[second] === undefined && statuses[first] === 'CANCELLED';
    });
  });

  it('converges to the whole truth after its Redis was flushed', async () => {
    // This redis-server belongs to the spec; the shared one is never flushed.
    await redis.flushall();
    await setSeats(id('A'), 6, 2);

    await untilView(id('A'), (v) => v.reserved === 6, 'module A after the flush');
    for (const moduleId of [preexisting, id('B'), id('C'), id('D')]) {
      expect(await viewOf(moduleId)).toBeDefined();
    }
    expect(await viewOf(id('E'))).toBeUndefined();
    expect((await reader.registrationsOf(id('student'))).map((view) => view.registrationId)).toEqual([
      id('reg-1'),
    ]);
  });

  it('reports ready and exposes its metrics', async () => {
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ok',
      checks: { redis: 'up', readModel: 'up', consumer: 'up' },
    });
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    for (const name of [
      'read_model_projection_lag_seconds_bucket',
      'read_model_changes_total',
      'read_model_rebuild_duration_seconds_count',
      'messaging_dead_letters_total',
    ]) {
      expect(metrics).toContain(name);
    }
  });
});
