import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { selectModule, selectMyRegistrations, type RealtimeClient } from '@platform/realtime-client';
import { eventually, OtlpTraceReceiver, type ReceivedSpan } from '@platform/testing';
import { e2eOtlpPort, e2eServices } from './support/e2e-platform';
import { PlatformTruth } from './support/platform-truth';
import { connectReadModels } from './support/read-model-client';
import { RegistrationApi } from './support/registration-api';
import { connectLiveClient } from './support/live-client';
import { freshId, moduleVisible } from './support/scenario';
import { ensureStudents } from './support/students';
import { servicesAlong, TraceTree } from './support/trace-tree';

jest.setTimeout(180_000);

const REGISTRATION_STATUS_CDC = 'cdc.registration.public.registration_status';
const MODULES_CDC = 'cdc.seat_inventory.public.modules';
const ALL_SERVICES = [
  'registration-service',
  'saga-coordinator',
  'seat-inventory-service',
  'payment-service',
  'read-model-projector',
  'notification-gateway',
];

/**
 * Every service exports its spans over OTLP to a receiver in this test (e2e-platform.ts points
 * them at it). The student's request carries a traceparent, so the whole flow is one trace whose
 * root this test owns; the spec follows it hop by hop, parent by parent.
 */
describe('one trace from POST /registrations to the WebSocket push', () => {
  const services = e2eServices();
  const api = new RegistrationApi(services.get('registration-service').url);
  const truth = new PlatformTruth();
  const { reader, redis } = connectReadModels();
  let receiver: OtlpTraceReceiver;
  let client: RealtimeClient | undefined;

  beforeAll(async () => {
    receiver = await OtlpTraceReceiver.start(e2eOtlpPort);
  });

  afterAll(async () => {
    client?.close();
    await receiver.close();
    await truth.close();
    redis.disconnect();
  });

  it('follows a registration through the outbox, Debezium, every consumer, the projector and the push', async () => {
    const moduleId = freshId('TRACE');
    await truth.createModule({ moduleId, capacity: 5, feeCents: 4000 });
    await moduleVisible(reader, moduleId);
    const [studentId] = (await ensureStudents(freshId('trace'), 1)) as [string];
    const token = await api.signIn(studentId);

    /** Registers for the module in a trace of its own and waits for the page to show it COMPLETED. */
    const registerTraced = async (forModule: string) => {
      const traceId = randomBytes(16).toString('hex');
      const rootSpanId = randomBytes(8).toString('hex');
      const accepted = await api.call<{ registrationId: string }>('POST', '/registrations', {
        token,
        body: { moduleId: forModule },
        headers: { traceparent: `00-${traceId}-${rootSpanId}-01` },
      });
      expect(accepted.status).toBe(202);
      const { registrationId } = accepted.body;
      await eventually(`the student page to show the registration for ${forModule} COMPLETED`, () =>
        selectMyRegistrations(client!.store.getState()).find(
          (view) => view.registrationId === registrationId && view.status === 'COMPLETED',
        ),
      );
      return { traceId, rootSpanId };
    };

    client = connectLiveClient(services.get('notification-gateway').url, token, [
      'registrations:me',
      `modules:${moduleId}`,
    ]);
    await eventually('the student page to show the module', () =>
      selectModule(moduleId)(client!.store.getState()),
    );

    // A service's exporter can still be working off the spans of the specs before this one (a
    // surge fills its queue, and new spans are dropped while it is full): a first registration,
    // traced on its own, shows every exporter has caught up once its spans from each service are in.
    const warmUpModule = freshId('TRACE-WARM-UP');
    await truth.createModule({ moduleId: warmUpModule, capacity: 5, feeCents: 4000 });
    await moduleVisible(reader, warmUpModule);
    const warmUp = await registerTraced(warmUpModule);
    await eventually(
      'every service to export the spans of a first registration',
      () =>
        ALL_SERVICES.every((service) =>
          receiver.spansOf(warmUp.traceId).some((span) => span.service === service),
        ),
      60_000,
    );

    const { traceId, rootSpanId } = await registerTraced(moduleId);

    // Each push is told apart by the road it took: after the payment (COMPLETED, or the seat's
    // confirmation) or straight from the request (PENDING) or the reservation (the seat count).
    const pushOf = (tree: TraceTree, type: string, afterPayment: boolean) =>
      tree
        .find((span) => span.name === 'websocket push' && span.attributes['realtime.event.type'] === type)
        .find(
          (span) =>
            tree.pathTo(span)[0]?.kind === 'server' &&
            tree.pathTo(span).some((step) => step.service === 'payment-service') === afterPayment,
        );
    const tree = await eventually(
      'the spans of both pushes to arrive',
      () => {
        const current = new TraceTree(receiver.spansOf(traceId));
        const complete =
          pushOf(current, 'RegistrationStatusChanged', true) &&
          pushOf(current, 'RegistrationStatusChanged', false) &&
          pushOf(current, 'SeatAvailableChanged', false);
        return complete ? current : undefined;
      },
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nreceived:\n${new TraceTree(receiver.spansOf(traceId)).outline()}`);
    });
    const artifacts = resolve(__dirname, '../../../tmp/artifacts');
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(resolve(artifacts, 'registration-trace.txt'), `${tree.outline()}\n`);

    // The request: an HTTP server span named by its route, under the test's own span.
    const [http] = tree.find((span) => span.kind === 'server' && span.service === 'registration-service');
    expect(http).toMatchObject({ name: 'POST /registrations', parentSpanId: rootSpanId });
    expect(http?.attributes['http.route']).toBe('/registrations');
    expect(http?.attributes['http.status_code'] ?? http?.attributes['http.response.status_code']).toBe(202);

    // The outbox: RegistrationRequested is created and inserted into the event store (the outbox
    // Debezium reads) inside the request's span.
    const underHttp = (span: ReceivedSpan) => tree.pathTo(span).includes(http!);
    const [requested] = tree.find(
      (span) =>
        span.kind === 'producer' && span.attributes['messaging.message.type'] === 'RegistrationRequested',
    );
    expect(requested && underHttp(requested)).toBe(true);
    const outboxInsert = tree.find(
      (span) =>
        span.kind === 'client' &&
        underHttp(span) &&
        /INSERT INTO registration_events/i.test(
          String(span.attributes['db.statement'] ?? span.attributes['db.query.text']),
        ),
    );
    expect(outboxInsert.length).toBeGreaterThan(0);

    // The status COMPLETED reaches the browser through every service of the saga, the status row's
    // CDC record (Debezium), the projector and the gateway.
    const statusPush = pushOf(tree, 'RegistrationStatusChanged', true)!;
    const statusPath = tree.pathTo(statusPush);
    expect(statusPath[0]).toBe(http);
    expect(servicesAlong(statusPath)).toEqual([
      'registration-service',
      'saga-coordinator', // RegistrationRequested
      'seat-inventory-service', // ReserveSeat
      'saga-coordinator', // SeatReserved
      'payment-service', // ChargePayment
      'saga-coordinator', // PaymentConfirmed
      'registration-service', // CompleteRegistration: the status row becomes COMPLETED
      'read-model-projector', // its CDC record
      'notification-gateway', // RegistrationStatusChanged on realtime.updates
    ]);
    expectHopsLinked(statusPath);
    expect(topicsAlong(statusPath)).toContain(REGISTRATION_STATUS_CDC);
    expect(statusPush.attributes['realtime.recipients']).toBeGreaterThanOrEqual(1);

    // PENDING, written by the request itself, goes straight from its CDC record to the browser.
    const pendingPath = tree.pathTo(pushOf(tree, 'RegistrationStatusChanged', false)!);
    expect(servicesAlong(pendingPath)).toEqual([
      'registration-service',
      'read-model-projector',
      'notification-gateway',
    ]);
    expectHopsLinked(pendingPath);

    // The seat count reaches the browser through the reservation, the modules row's CDC record,
    // the projector and the gateway.
    const seatPush = pushOf(tree, 'SeatAvailableChanged', false)!;
    const seatPath = tree.pathTo(seatPush);
    expect(seatPath[0]).toBe(http);
    expect(servicesAlong(seatPath)).toEqual([
      'registration-service',
      'saga-coordinator',
      'seat-inventory-service',
      'read-model-projector',
      'notification-gateway',
    ]);
    expectHopsLinked(seatPath);
    expect(topicsAlong(seatPath)).toContain(MODULES_CDC);
    expect(seatPush.attributes['realtime.channel']).toContain(moduleId);
  });
});

function topicsAlong(path: readonly ReceivedSpan[]): string[] {
  return path
    .filter((span) => span.kind === 'consumer')
    .map((span) => String(span.attributes['messaging.destination.name']));
}

/**
 * Where a path crosses from one service to the next, the child is a consumer span of the next
 * service: of a Kafka message, its parent is the producer span that created it (through the outbox
 * or a direct send); of a CDC record, its parent is the span that wrote the row.
 */
function expectHopsLinked(path: readonly ReceivedSpan[]): void {
  for (let i = 1; i < path.length; i++) {
    const [parent, child] = [path[i - 1]!, path[i]!];
    expect(child.parentSpanId).toBe(parent.spanId);
    if (parent.service === child.service) continue;
    const topic = String(child.attributes['messaging.destination.name']);
    expect({ hop: `${parent.service} -> ${child.service}`, kind: child.kind }).toEqual({
      hop: `${parent.service} -> ${child.service}`,
      kind: 'consumer',
    });
    if (topic.startsWith('cdc.')) expect(parent.kind).not.toBe('producer');
    else
      expect({ kind: parent.kind, name: parent.name }).toEqual({ kind: 'producer', name: `${topic} create` });
  }
}
