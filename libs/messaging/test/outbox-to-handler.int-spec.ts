import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Client } from 'pg';
import type { MessageOf } from '@platform/contracts';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { createMessage, toOutboxRecord } from '../src/envelope/outgoing-message';
import { addToOutbox } from '../src/outbox/outbox.writer';
import { kafkaClientKinds, type KafkaClientKind } from '../src/kafka-client.factory';
import { CommandHandler } from '../src/nest/message-handler.decorator';
import type { HandlerContext } from '../src/nest/handler-context';
import { MessagingModule } from '../src/nest/messaging.module';
import { eventually } from '@platform/testing';

// The whole path a command takes between two services: createMessage inside a traced request,
// the outbox (Postgres), Debezium's outbox router, Kafka, and a NestJS handler through the
// messaging runtime. The envelope and the trace context must arrive unchanged.
jest.setTimeout(120_000);

const endpoints = readStackEndpoints();
const spans = new InMemorySpanExporter();
const contextManager = new AsyncLocalStorageContextManager().enable();
context.setGlobalContextManager(contextManager);
trace.setGlobalTracerProvider(
  new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }),
);

interface Received {
  data: MessageOf<'ReserveSeat'>;
  context: HandlerContext;
  activeSpanId?: string;
}

@Injectable()
class RecordingHandlers {
  static readonly received = new Map<string, Received>();

  @CommandHandler('ReserveSeat')
  async onReserveSeat(data: MessageOf<'ReserveSeat'>, ctx: HandlerContext): Promise<void> {
    RecordingHandlers.received.set(ctx.messageId, {
      data,
      context: ctx,
      activeSpanId: trace.getActiveSpan()?.spanContext().spanId,
    });
  }
}

async function startService(client: KafkaClientKind): Promise<INestApplicationContext> {
  @Module({
    imports: [
      MessagingModule.forRoot({
        service: 'seat-inventory-service',
        brokers: endpoints.kafka.brokers,
        client,
        groupId: `test.outbox-path-${client}-${randomUUID().slice(0, 8)}`,
      }),
    ],
    providers: [RecordingHandlers],
  })
  class SeatInventoryTestModule {}
  const app = await NestFactory.createApplicationContext(SeatInventoryTestModule, {
    logger: process.env.TEST_NEST_LOGS ? undefined : false,
  });
  app.enableShutdownHooks();
  return app;
}

describe.each(kafkaClientKinds)('outbox to handler through Debezium on %s', (client) => {
  let app: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    const connectors = (await (await fetch(`${endpoints.kafkaConnect.url}/connectors`)).json()) as string[];
    if (!connectors.includes('outbox-smoke'))
      throw new Error('the smoke outbox connector is not registered: ./platform stack test-connectors add');
    db = new Client({ ...endpoints.postgres, user: 'smoke', password: 'smoke', database: 'smoke' });
    await db.connect();
    app = await startService(client);
  });
  afterAll(async () => {
    await app?.close();
    await db?.end();
  });

  it('delivers the envelope and the trace context unchanged, and the handler runs in a child span', async () => {
    const tracer = trace.getTracer('test');
    const requestSpan = tracer.startSpan('POST /registrations');
    const message = await context.with(trace.setSpan(context.active(), requestSpan), async () => {
      const created = createMessage(
        'saga-coordinator',
        'ReserveSeat',
        { registrationId: `reg-${randomUUID()}`, moduleId: 'M-TRACE', studentId: 'stu-1' },
        { messageId: randomUUID(), correlationId: randomUUID() },
      );
      await db.query('BEGIN');
      await addToOutbox(db, toOutboxRecord(created));
      await db.query('COMMIT');
      return created;
    });
    requestSpan.end();

    const received = await eventually(
      'the handler to run',
      () => RecordingHandlers.received.get(message.envelope.id),
      60_000,
    );

    expect(received.data).toEqual(message.data);
    expect(received.context.envelope).toMatchObject({ ...message.envelope, schemaVersion: 1 });
    expect(received.context.cause).toEqual({
      messageId: message.envelope.id,
      correlationId: message.envelope.correlationId,
    });
    expect(message.envelope.traceparent).toContain(requestSpan.spanContext().traceId);

    const spansOf = (kind: 'create' | 'process') =>
      spans
        .getFinishedSpans()
        .find(
          (span) =>
            span.attributes['messaging.message.id'] === message.envelope.id &&
            span.attributes['messaging.operation.type'] === kind,
        );
    const producerSpan = spansOf('create');
    const consumerSpan = spansOf('process');
    expect(producerSpan?.parentSpanContext?.spanId).toBe(requestSpan.spanContext().spanId);
    expect(consumerSpan).toBeDefined();
    expect(consumerSpan!.spanContext().traceId).toBe(requestSpan.spanContext().traceId);
    expect(consumerSpan!.parentSpanContext?.spanId).toBe(producerSpan!.spanContext().spanId);
    expect(received.activeSpanId).toBe(consumerSpan!.spanContext().spanId);
  });
});
