import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MessageType } from '@platform/contracts';
import {
  createKafkaClient,
  createMessage,
  decodeMessage,
  kafkaClientKinds,
  MessageProducer,
  toOutboundMessage,
  type ConsumerPort,
  type DecodedMessage,
  type KafkaClientKind,
  type ProducerPort,
} from '@platform/messaging';
import { ConsumerReadiness } from '@platform/service-kit';
import { AppModule } from '../src/app.module';
import { Database } from '../src/database/database';
import { seedModules } from '../src/database/seed';
import { SeatsRepository } from '../src/seats/seats.repository';
import { eventually, freshId, stackConfig } from './support/stack';

// The service in process against the real stack: commands go to inventory.commands, the service
// consumes them in its own (fresh) group, writes counts, inbox and outbox in one transaction, and
// Debezium publishes the events to inventory.events, where a throwaway consumer reads them.
jest.setTimeout(240_000);

type Event = DecodedMessage & { data: { moduleId: string; registrationId: string; reason?: string } };

describe.each(kafkaClientKinds)('seat-inventory-service on %s', (client: KafkaClientKind) => {
  const config = { ...stackConfig(), kafka: { ...stackConfig().kafka, client }, httpPort: 0 };
  const kafka = createKafkaClient(client, { brokers: config.kafka.brokers });
  const moduleId = freshId('INT');
  const probeModuleId = freshId('PROBE');
  const events: Event[] = [];
  let app: INestApplication;
  let producerPort: ProducerPort;
  let producer: MessageProducer;
  let eventReader: ConsumerPort;
  let baseUrl: string;

  const eventsOf = (type: MessageType, registrationId?: string) =>
    events.filter(
      (event) =>
        event.type === type &&
        event.data.moduleId === moduleId &&
        (registrationId === undefined || event.data.registrationId === registrationId),
    );
  const seats = () => new SeatsRepository().find(app.get(Database), moduleId);

  beforeAll(async () => {
    app = await NestFactory.create(
      AppModule.forRoot(config, {
        groupId: `test.seat-inventory-${client}-${randomUUID().slice(0, 8)}`,
        fromBeginning: false,
      }),
      { logger: process.env.TEST_NEST_LOGS ? undefined : false },
    );
    app.enableShutdownHooks();
    await app.listen(0, '127.0.0.1');
    app.get(ConsumerReadiness).markStarted();
    baseUrl = await app.getUrl();
    await seedModules(app.get(Database), [
      { moduleId, title: 'Integration', capacity: 10 },
      { moduleId: probeModuleId, title: 'Probe', capacity: 0 },
    ]);

    eventReader = await kafka.createConsumer({
      clientId: 'seat-inventory-events-reader',
      groupId: `test.seat-inventory-events-${randomUUID().slice(0, 8)}`,
      topics: ['inventory.events'],
      fromBeginning: false,
      maxWaitMs: 100,
    });
    await eventReader.start({
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
      onMessages: async (_partition, messages) => {
        for (const message of messages) {
          const decoded = decodeMessage(message) as Event;
          if ([moduleId, probeModuleId].includes(decoded.data.moduleId)) events.push(decoded);
        }
      },
    });
    producerPort = await kafka.createProducer({ clientId: 'seat-inventory-test-producer' });
    producer = new MessageProducer('saga-coordinator', producerPort);

    // Both groups start at the end of their topics: resend a probe until its answer comes back,
    // so neither misses what the test sends next.
    await eventually(
      'the service and the event reader to be assigned',
      async () => {
        await producer.send('ReserveSeat', {
          moduleId: probeModuleId,
          registrationId: `probe-${randomUUID()}`,
          studentId: 'probe',
        });
        return eventually(
          'a probe answer',
          () => events.some((e) => e.data.moduleId === probeModuleId),
          3_000,
        ).catch(() => false);
      },
      120_000,
    );
  });

  afterAll(async () => {
    await eventReader?.stop();
    await producerPort?.close();
    await app?.close();
  });

  it('gives 10 seats to exactly 10 of 30 concurrent registrations and rejects the rest', async () => {
    const registrations = Array.from({ length: 30 }, (_, i) => `${moduleId}-reg-${i}`);
    await Promise.all(
      registrations.map((registrationId) =>
        producer.send('ReserveSeat', { moduleId, registrationId, studentId: `stu-${registrationId}` }),
      ),
    );

    await eventually(
      'an answer to every registration',
      () => eventsOf('SeatReserved').length + eventsOf('SeatRejected').length >= 30,
      120_000,
    );

    expect(eventsOf('SeatReserved')).toHaveLength(10);
    expect(eventsOf('SeatRejected')).toHaveLength(20);
    expect(eventsOf('SeatRejected').every((event) => event.data.reason === 'NO_SEAT_LEFT')).toBe(true);
    const answered = new Set(
      [...eventsOf('SeatReserved'), ...eventsOf('SeatRejected')].map((e) => e.data.registrationId),
    );
    expect(answered).toEqual(new Set(registrations));
    expect(await seats()).toMatchObject({ capacity: 10, reserved: 10, confirmed: 0 });
  });

  it('has no second effect for a redelivered command, and confirms and releases seats', async () => {
    const [first, second, third] = eventsOf('SeatReserved').map((event) => event.data.registrationId);
    if (!first || !second || !third) throw new Error('needs three reserved registrations');

    // The same ReserveSeat (same ce_id) twice, then a confirm: per-module order means the
    // redeliveries were handled by the time SeatConfirmed arrives.
    const reserveAgain = createMessage('saga-coordinator', 'ReserveSeat', {
      moduleId,
      registrationId: `${moduleId}-late`,
      studentId: 'stu-late',
    });
    const confirm = createMessage('saga-coordinator', 'ConfirmSeat', { moduleId, registrationId: first });
    await producerPort.send([toOutboundMessage(reserveAgain)]);
    await producerPort.send([toOutboundMessage(reserveAgain)]);
    await producerPort.send([toOutboundMessage(confirm)]);
    await producerPort.send([toOutboundMessage(confirm)]);
    await producer.send('ReleaseSeat', { moduleId, registrationId: second, reason: 'PAYMENT_FAILED' });
    await producer.send('ReleaseSeat', { moduleId, registrationId: third, reason: 'TIMEOUT' });

    await eventually('SeatReleased for both', () => eventsOf('SeatReleased').length >= 2, 120_000);

    expect(eventsOf('SeatRejected', `${moduleId}-late`)).toHaveLength(1);
    expect(eventsOf('SeatConfirmed')).toHaveLength(1);
    expect(eventsOf('SeatConfirmed', first)[0]?.envelope.causationId).toBe(confirm.envelope.id);
    expect(
      eventsOf('SeatReleased')
        .map((event) => event.data.registrationId)
        .sort(),
    ).toEqual([second, third].sort());
    expect(eventsOf('SeatReserved')).toHaveLength(10);
    expect(await seats()).toMatchObject({ capacity: 10, reserved: 7, confirmed: 1 });

    // The two released seats go to the next registrations, and no further.
    const next = Array.from({ length: 3 }, (_, i) => `${moduleId}-next-${i}`);
    await Promise.all(
      next.map((registrationId) =>
        producer.send('ReserveSeat', { moduleId, registrationId, studentId: 'stu' }),
      ),
    );
    await eventually(
      'answers for the next registrations',
      () => next.every((id) => events.some((e) => e.data.registrationId === id)),
      120_000,
    );
    expect(next.filter((id) => eventsOf('SeatReserved', id).length === 1)).toHaveLength(2);
    expect(await seats()).toMatchObject({ capacity: 10, reserved: 9, confirmed: 1 });
  });

  it('reports ready and exposes the messaging metrics', async () => {
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', consumer: 'up' } });
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toContain('messaging_messages_consumed_total');
    expect(metrics).toContain('process_cpu_user_seconds_total');
  });
});
