import { WS_PROTOCOL, closeCodes } from '@platform/contracts';
import { FakeGateway, type GatewayConnection } from '../support/fake-gateway';
import {
  moduleSnapshot,
  seat,
  seatEvent,
  studentSnapshot,
  registration,
  welcome,
} from '../support/realtime-frames';
import { selectModules, selectMyRegistrations } from '../store/realtime-state.selectors';
import { createRealtimeClient } from './realtime-client';
import type { ConnectionStatus, RealtimeClient } from './realtime-client.types';

function until(client: RealtimeClient, status: ConnectionStatus): Promise<void> {
  if (client.status() === status) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = client.onStatus((next) => {
      if (next !== status) return;
      stop();
      resolve();
    });
  });
}

function modulesAvailable(client: RealtimeClient): Record<string, number> {
  return Object.fromEntries(
    selectModules(client.store.getState()).map((view) => [view.moduleId, view.available]),
  );
}

async function storeSettles(client: RealtimeClient, done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 2000) throw new Error('the store never reached the expected state');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The client over real sockets: Node's global WebSocket against a scripted `ws` server standing
 * in for notification-gateway.
 */
describe('realtime client against a WebSocket gateway', () => {
  let gateway: FakeGateway;
  let client: RealtimeClient;
  let issued: number;

  beforeEach(async () => {
    gateway = await FakeGateway.start();
    issued = 0;
    client = createRealtimeClient({
      url: gateway.url,
      token: async () => `jwt-${++issued}`,
      reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    });
  });

  afterEach(async () => {
    client.close();
    await gateway.stop();
  });

  async function subscribedConnection(): Promise<GatewayConnection> {
    const connection = await gateway.nextConnection();
    connection.send(welcome);
    const request = await connection.next('subscribe', (message) => message.channel === 'modules');
    connection.send({ type: 'ack', id: request.id, op: 'subscribe' });
    return connection;
  }

  it('connects with the token subprotocol, applies a snapshot and its events, and ignores what it must', async () => {
    client.subscribe('modules');
    client.connect();
    const connection = await subscribedConnection();
    await until(client, 'connected');

    expect(connection.protocols).toEqual([WS_PROTOCOL, 'bearer.jwt-1']);
    expect(connection.token).toBe('jwt-1');
    expect(connection.socket.protocol).toBe(WS_PROTOCOL);

    connection.send(moduleSnapshot('CS101', { offset: 20 }, [seat('CS101', 5, 500, 'Algorithms')]));
    connection.send(moduleSnapshot('MA201', { offset: 4 }, [seat('MA201', 9, 300)]));
    connection.send(seatEvent('CS101', { offset: 20 }, 9, 490).frame);
    connection.send('{"type":"event"');
    connection.send(seatEvent('CS101', { offset: 21 }, 4, 501).frame);
    connection.send(seatEvent('CS101', { offset: 22 }, 8, 499).frame);
    connection.send(seatEvent('MA201', { offset: 5 }, 0, 301).frame);

    await storeSettles(client, () => client.store.getState().positions['module:MA201']?.offset === '5');
    expect(modulesAvailable(client)).toEqual({ CS101: 4, MA201: 0 });
    expect(client.stats()).toMatchObject({ malformedFrames: 1, duplicateEvents: 1, staleUpdates: 1 });
    expect(client.session()?.studentId).toBe('student-1');
  });

  it('reconnects after the gateway drops it and resumes each subscription from its last positions', async () => {
    client.subscribe('modules');
    client.subscribe('registrations:me');
    client.connect();
    const first = await subscribedConnection();
    first.send(moduleSnapshot('CS101', { offset: 20 }, [seat('CS101', 5, 500)]));
    first.send(seatEvent('CS101', { offset: 21 }, 4, 501).frame);
    first.send(studentSnapshot('student-1', { offset: 7, epoch: 'e3' }, [registration('r1', 'PENDING', 9)]));
    await storeSettles(client, () => client.store.getState().positions['student:student-1'] !== undefined);

    const statuses: ConnectionStatus[] = [];
    client.onStatus((status) => statuses.push(status));
    first.drop();

    const second = await gateway.nextConnection();
    expect(second.token).toBe('jwt-2');
    const modules = await second.next('subscribe', (message) => message.channel === 'modules');
    const mine = await second.next('subscribe', (message) => message.channel === 'registrations:me');
    expect(modules.resume).toEqual({ 'module:CS101': { epoch: 'e1', offset: '21' } });
    expect(mine.resume).toEqual({ 'student:student-1': { epoch: 'e3', offset: '7' } });
    await until(client, 'connected');
    expect(statuses).toEqual(['reconnecting', 'connected']);

    // The gateway fills the gap from its log: one event the client already had, then the missed one.
    second.send(seatEvent('CS101', { offset: 21 }, 4, 501).frame);
    second.send(seatEvent('CS101', { offset: 22 }, 0, 502).frame);
    await storeSettles(client, () => modulesAvailable(client)['CS101'] === 0);
    expect(client.stats().duplicateEvents).toBe(1);
    expect(selectMyRegistrations(client.store.getState())).toEqual([registration('r1', 'PENDING', 9)]);
  });

  it('keeps retrying while the gateway is down and recovers when it is back', async () => {
    client.subscribe('modules');
    client.connect();
    await subscribedConnection();
    await until(client, 'connected');
    const url = gateway.url;
    await gateway.stop();
    await until(client, 'reconnecting');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(client.status()).toBe('reconnecting');

    gateway = await FakeGateway.startOn(url);
    await subscribedConnection();
    await until(client, 'connected');
    expect(client.stats().reconnectAttempts).toBeGreaterThan(1);
  });

  it('stops and reports the code when the session expires', async () => {
    const closes: [number, string][] = [];
    client.onClose((code, reason) => closes.push([code, reason]));
    client.subscribe('modules');
    client.connect();
    const connection = await subscribedConnection();
    connection.close(closeCodes.SESSION_EXPIRED, 'session expired');

    await until(client, 'closed');
    expect(closes).toEqual([[closeCodes.SESSION_EXPIRED, 'session expired']]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(gateway.connections).toHaveLength(1);
  });

  it('refreshes the token in band on the same connection', async () => {
    client.connect();
    const connection = await gateway.nextConnection();
    await until(client, 'connected');
    const refreshed = client.refreshToken('jwt-fresh');
    const request = await connection.next('refresh');
    expect(request.token).toBe('jwt-fresh');
    connection.send({ type: 'ack', id: request.id, op: 'refresh' });
    await expect(refreshed).resolves.toBeUndefined();
    expect(gateway.connections).toHaveLength(1);
  });
});
