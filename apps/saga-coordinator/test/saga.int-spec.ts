import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { CommandType, MessageEnvelope, MessageInput, MessageOf, ServiceName } from '@platform/contracts';
import {
  createKafkaClient,
  decodeMessage,
  MessageProducer,
  type ConsumerPort,
  type DecodedMessage,
  type MessageCause,
  type ProducerPort,
} from '@platform/messaging';
import { ConsumerReadiness } from '@platform/service-kit';
import { AppModule } from '../src/app.module';
import { Database } from '../src/database/database';
import { SagaRepository } from '../src/registration/registration.repository';
import { eventually, stackConfig } from './support/stack';

// The saga-coordinator in process against the real stack: the test plays registration, seat
// inventory and payment by producing their events to Kafka; the saga consumes them in its own
// (fresh) group, and a throwaway consumer reads the commands its outbox publishes through
// Debezium on inventory.commands, payment.commands and registration.commands.
jest.setTimeout(240_000);

type Command = DecodedMessage & { data: { registrationId: string } };

const deadlines = {
  SAGA_SEAT_DEADLINE_MS: '6000',
  SAGA_PAYMENT_DEADLINE_MS: '4000',
  SAGA_COMPENSATION_DEADLINE_MS: '4000',
  SAGA_COMPENSATION_MAX_ATTEMPTS: '2',
  SAGA_DEADLINE_POLL_INTERVAL_MS: '100',
};

describe('saga-coordinator', () => {
  const config = { ...stackConfig(deadlines), httpPort: 0 };
  const kafka = createKafkaClient(config.kafka.client, { brokers: config.kafka.brokers });
  const run = randomUUID().slice(0, 8);
  const groupId = `test.saga-coordinator-${run}`;
  const commands: Command[] = [];
  const database = new Database(config.database);
  const sagas = new SagaRepository();
  let app: INestApplication | undefined;
  let producerPort: ProducerPort;
  let commandReader: ConsumerPort;
  let producers: Record<'registration' | 'inventory' | 'payment', MessageProducer>;

  async function startApp(): Promise<INestApplication> {
    const started = await NestFactory.create(AppModule.forRoot(config, { groupId, fromBeginning: false }), {
      logger: process.env.TEST_NEST_LOGS ? undefined : false,
    });
    started.enableShutdownHooks();
    await started.listen(0, '127.0.0.1');
    started.get(ConsumerReadiness).markStarted();
    return started;
  }

  const commandFor = <T extends CommandType>(registrationId: string, type: T) =>
    eventually(`${type} for ${registrationId}`, () =>
      commands.find((command) => command.type === type && command.data.registrationId === registrationId),
    ) as Promise<Command & { data: MessageOf<T> }>;
  const commandsFor = (registrationId: string) =>
    commands.filter((command) => command.data.registrationId === registrationId);
  const causedBy = (command: DecodedMessage): MessageCause => ({
    messageId: command.envelope.id,
    correlationId: command.envelope.correlationId,
  });
  const statusOf = async (registrationId: string) =>
    (await sagas.find(database, registrationId))?.state.status;

  const fee = { amountCents: 25_000, currency: 'EUR' };
  const moduleId = `SAGA-${run}`;
  const now = () => new Date().toISOString();

  function request(registrationId: string) {
    return producers.registration.send('RegistrationRequested', {
      registrationId,
      studentId: `stu-${registrationId}`,
      moduleId,
      fee,
      requestedAt: now(),
    });
  }

  async function reserve(registrationId: string): Promise<{ request: MessageEnvelope; reserve: Command }> {
    const sent = await request(registrationId);
    return { request: sent.envelope, reserve: await commandFor(registrationId, 'ReserveSeat') };
  }

  function seatEvent<T extends 'SeatReserved' | 'SeatRejected' | 'SeatReleased'>(
    type: T,
    data: MessageInput<T>,
    cause: MessageCause,
  ) {
    return producers.inventory.send(type, data, cause);
  }

  beforeAll(async () => {
    await database.onModuleInit();
    app = await startApp();
    commandReader = await kafka.createConsumer({
      clientId: 'saga-commands-reader',
      groupId: `test.saga-commands-${run}`,
      topics: ['inventory.commands', 'payment.commands', 'registration.commands'],
      fromBeginning: false,
      maxWaitMs: 100,
    });
    await commandReader.start({
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
      onMessages: async (_partition, messages) => {
        for (const message of messages) {
          const decoded = decodeMessage(message) as Command;
          if (decoded.data.registrationId.startsWith(run)) commands.push(decoded);
        }
      },
    });
    producerPort = await kafka.createProducer({ clientId: 'saga-test-producer' });
    const producer = (service: ServiceName) => new MessageProducer(service, producerPort);
    producers = {
      registration: producer('registration-service'),
      inventory: producer('seat-inventory-service'),
      payment: producer('payment-service'),
    };

    // Both groups start at the end of their topics: request a probe registration until its
    // ReserveSeat comes back, so neither misses what the test sends next.
    const probe = await eventually(
      'the saga and the command reader to be assigned',
      async () => {
        const registrationId = `${run}-probe-${randomUUID().slice(0, 8)}`;
        await request(registrationId);
        const answered = await eventually(
          'a probe answer',
          () => commands.find((command) => command.data.registrationId === registrationId),
          3_000,
        ).catch(() => undefined);
        return answered && { registrationId, reserveSeat: answered };
      },
      120_000,
    );
    // The test plays seat inventory and payment itself; a service consuming their commands
    // at the same time (another spec's app in process) would answer too and race the test.
    const { registrationId } = probe;
    await seatEvent(
      'SeatReserved',
      { moduleId, registrationId, studentId: `stu-${registrationId}`, reservedAt: now() },
      causedBy(probe.reserveSeat),
    );
    const charge = await commandFor(registrationId, 'ChargePayment');
    await producers.payment.send(
      'PaymentFailed',
      { registrationId, reason: { code: 'DECLINED', message: 'probe' }, failedAt: now() },
      causedBy(charge),
    );
    const release = await commandFor(registrationId, 'ReleaseSeat');
    await seatEvent('SeatReleased', { moduleId, registrationId, releasedAt: now() }, causedBy(release));
    await commandFor(registrationId, 'CancelRegistration');
    await sleep(1_000);
    const answers = (await sagas.history(database, registrationId)).map((entry) => entry.input.type);
    if (answers.length !== 4) {
      throw new Error(
        `another consumer of inventory.commands or payment.commands answered the probe (${answers.join(', ')}): ` +
          'run this spec while no seat-inventory or payment service consumes them',
      );
    }
  });

  afterAll(async () => {
    await commandReader?.stop();
    await producerPort?.close();
    await app?.close();
    await database.onApplicationShutdown();
  });

  it('completes a registration: reserve, charge, then confirm the seat and the registration', async () => {
    const registrationId = `${run}-completed`;
    const { request: requested, reserve: reserveSeat } = await reserve(registrationId);
    expect(reserveSeat.data).toEqual({ moduleId, registrationId, studentId: `stu-${registrationId}` });
    // Correlation and causation travel through the outbox and Debezium.
    expect(reserveSeat.envelope.correlationId).toBe(requested.correlationId);
    expect(reserveSeat.envelope.causationId).toBe(requested.id);

    const reserved = await seatEvent(
      'SeatReserved',
      { moduleId, registrationId, studentId: `stu-${registrationId}`, reservedAt: now() },
      causedBy(reserveSeat),
    );
    const charge = await commandFor(registrationId, 'ChargePayment');
    expect(charge.data).toEqual({ registrationId, studentId: `stu-${registrationId}`, amount: fee });
    expect(charge.envelope.causationId).toBe(reserved.envelope.id);
    expect(charge.envelope.correlationId).toBe(requested.correlationId);

    await producers.payment.send(
      'PaymentConfirmed',
      { registrationId, paymentId: `pay-${registrationId}`, amount: fee, confirmedAt: now() },
      causedBy(charge),
    );
    const confirm = await commandFor(registrationId, 'ConfirmSeat');
    const complete = await commandFor(registrationId, 'CompleteRegistration');
    expect(confirm.data).toEqual({ moduleId, registrationId });
    expect(complete.data).toEqual({ registrationId, paymentId: `pay-${registrationId}` });
    expect(complete.envelope.correlationId).toBe(requested.correlationId);

    expect(await statusOf(registrationId)).toBe('COMPLETED');
    const history = await sagas.history(database, registrationId);
    expect(history.map((entry) => [entry.seq, entry.input.type, entry.commands.map((c) => c.type)])).toEqual([
      [1, 'RegistrationRequested', ['ReserveSeat']],
      [2, 'SeatReserved', ['ChargePayment']],
      [3, 'PaymentConfirmed', ['ConfirmSeat', 'CompleteRegistration']],
    ]);
  });

  it('cancels with NO_SEAT when the seat is rejected, compensating nothing', async () => {
    const registrationId = `${run}-no-seat`;
    const { reserve: reserveSeat } = await reserve(registrationId);
    await seatEvent(
      'SeatRejected',
      { moduleId, registrationId, reason: 'NO_SEAT_LEFT', rejectedAt: now() },
      causedBy(reserveSeat),
    );
    const cancel = await commandFor(registrationId, 'CancelRegistration');
    expect(cancel.data).toEqual({ registrationId, reason: 'NO_SEAT' });
    expect(commandsFor(registrationId).map((command) => command.type)).toEqual([
      'ReserveSeat',
      'CancelRegistration',
    ]);
    expect(await statusOf(registrationId)).toBe('CANCELLED');
  });

  it('releases the seat and cancels with PAYMENT_FAILED when the payment fails', async () => {
    const registrationId = `${run}-payment-failed`;
    const { reserve: reserveSeat } = await reserve(registrationId);
    await seatEvent(
      'SeatReserved',
      { moduleId, registrationId, studentId: `stu-${registrationId}`, reservedAt: now() },
      causedBy(reserveSeat),
    );
    const charge = await commandFor(registrationId, 'ChargePayment');
    await producers.payment.send(
      'PaymentFailed',
      { registrationId, reason: { code: 'DECLINED', message: 'card declined' }, failedAt: now() },
      causedBy(charge),
    );
    const release = await commandFor(registrationId, 'ReleaseSeat');
    expect(release.data).toEqual({ moduleId, registrationId, reason: 'PAYMENT_FAILED' });
    expect(await statusOf(registrationId)).toBe('RELEASING_SEAT');

    await seatEvent('SeatReleased', { moduleId, registrationId, releasedAt: now() }, causedBy(release));
    const cancel = await commandFor(registrationId, 'CancelRegistration');
    expect(cancel.data).toEqual({ registrationId, reason: 'PAYMENT_FAILED' });
    expect(await statusOf(registrationId)).toBe('CANCELLED');
  });

  it('times out a payment: releases the seat, cancels with TIMEOUT, and refunds a late payment', async () => {
    const registrationId = `${run}-payment-timeout`;
    const { reserve: reserveSeat } = await reserve(registrationId);
    const reserved = await seatEvent(
      'SeatReserved',
      { moduleId, registrationId, studentId: `stu-${registrationId}`, reservedAt: now() },
      causedBy(reserveSeat),
    );
    await commandFor(registrationId, 'ChargePayment');

    // No payment reply: after the 4 s payment deadline the poller compensates.
    const release = await commandFor(registrationId, 'ReleaseSeat');
    expect(release.data).toEqual({ moduleId, registrationId, reason: 'TIMEOUT' });
    expect(release.envelope.causationId).toBe(reserved.envelope.id);

    await seatEvent('SeatReleased', { moduleId, registrationId, releasedAt: now() }, causedBy(release));
    const cancel = await commandFor(registrationId, 'CancelRegistration');
    expect(cancel.data).toEqual({ registrationId, reason: 'TIMEOUT' });

    const late = await producers.payment.send('PaymentConfirmed', {
      registrationId,
      paymentId: `pay-${registrationId}`,
      amount: fee,
      confirmedAt: now(),
    });
    const refund = await commandFor(registrationId, 'RefundPayment');
    expect(refund.data).toEqual({ registrationId, paymentId: `pay-${registrationId}`, amount: fee });
    expect(refund.envelope.causationId).toBe(late.envelope.id);
    await producers.payment.send(
      'PaymentRefunded',
      { registrationId, paymentId: `pay-${registrationId}`, amount: fee, refundedAt: now() },
      causedBy(refund),
    );
    await eventually('the refund to be recorded', async () => {
      const saga = await sagas.find(database, registrationId);
      return saga?.state.late[0]?.status === 'DONE' && saga.deadlineAt === null;
    });
    expect(await statusOf(registrationId)).toBe('CANCELLED');
  });

  it('skips the events of its topics it has no handler for, instead of dead-lettering them', async () => {
    const registrationId = `${run}-unhandled`;
    await producers.inventory.send('SeatConfirmed', { moduleId, registrationId, confirmedAt: now() });
    await producers.registration.send('RegistrationCompleted', {
      registrationId,
      studentId: 'stu',
      moduleId,
      completedAt: now(),
    });
    // Per-key order: a registration requested after them on the same keys is still handled.
    const { reserve: reserveSeat } = await reserve(registrationId);
    await seatEvent(
      'SeatRejected',
      { moduleId, registrationId, reason: 'NO_SEAT_LEFT', rejectedAt: now() },
      causedBy(reserveSeat),
    );
    await commandFor(registrationId, 'CancelRegistration');
    const metrics = await (await fetch(`${await app!.getUrl()}/metrics`)).text();
    // Dead-letter series exist at zero from the start; none may have counted anything.
    expect(metrics).not.toMatch(
      new RegExp(`messaging_dead_letters_total\\{[^}]*group="${groupId}"[^}]*\\} [1-9]`),
    );
  });

  it('fires a deadline set before a restart after the restart', async () => {
    const registrationId = `${run}-restart`;
    const { request: requested } = await reserve(registrationId);
    const pending = await sagas.find(database, registrationId);
    expect(pending?.deadlineAt).toBeInstanceOf(Date);

    await app!.close();
    app = undefined;
    // The deadline passes while no coordinator runs.
    await sleep(Math.max(0, pending!.deadlineAt!.getTime() - Date.now()) + 500);
    expect(commandsFor(registrationId).map((command) => command.type)).toEqual(['ReserveSeat']);

    app = await startApp();
    const release = await commandFor(registrationId, 'ReleaseSeat');
    expect(release.data).toEqual({ moduleId, registrationId, reason: 'TIMEOUT' });
    // The deadline's command is caused by the message that set the deadline, in the same flow.
    expect(release.envelope.causationId).toBe(requested.id);
    expect(release.envelope.correlationId).toBe(requested.correlationId);

    await seatEvent('SeatReleased', { moduleId, registrationId, releasedAt: now() }, causedBy(release));
    const cancel = await commandFor(registrationId, 'CancelRegistration');
    expect(cancel.data).toEqual({ registrationId, reason: 'TIMEOUT' });
  });

  it('reports ready and exposes the saga metrics', async () => {
    const baseUrl = await app!.getUrl();
    const ready = await fetch(`${baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'up', consumer: 'up' } });
    expect((await fetch(`${baseUrl}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toContain('saga_outcomes_total{outcome="CANCELLED",reason="TIMEOUT"}');
    expect(metrics).toMatch(/sagas_in_flight \d+/);
    expect(metrics).toContain('saga_step_duration_seconds_bucket');
    expect(metrics).toContain('saga_compensation_failed_total');
    expect(metrics).toContain('messaging_messages_consumed_total');
  });
});
