import { WS_PROTOCOL, closeCodes, terminalCloseCodes } from '@platform/contracts';
import type { NetworkStatus } from '../connection/network.status';
import { FakeWebSocket } from '../support/fake-websocket';
import {
  moduleSnapshot,
  registration,
  registrationEvent,
  seat,
  seatEvent,
  studentSnapshot,
  welcome,
} from '../support/realtime-frames';
import { selectModules } from '../store/realtime-state.selectors';
import { createRealtimeClient } from './realtime-client';
import type { RealtimeClientOptions } from './realtime-client.types';

class FakeNetwork implements NetworkStatus {
  state: boolean | undefined = true;
  private listener: ((online: boolean) => void) | undefined;
  online = (): boolean | undefined => this.state;
  watch(listener: (online: boolean) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  set(online: boolean): void {
    this.state = online;
    this.listener?.(online);
  }
}

function client(overrides: Partial<RealtimeClientOptions> = {}) {
  return createRealtimeClient({
    url: 'ws://gateway.test/ws',
    token: () => 'token-1',
    WebSocket: FakeWebSocket,
    network: new FakeNetwork(),
    reconnect: { random: () => 0.5, healthyAfterMs: 1000 },
    ...overrides,
  });
}

/** Lets the token promise settle, then advances the clock. */
async function after(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

async function connected(): Promise<FakeWebSocket> {
  await after();
  const socket = FakeWebSocket.latest();
  socket.serverOpens();
  socket.serverSends(welcome);
  return socket;
}

describe(createRealtimeClient.name, () => {
  beforeEach(() => {
    jest.useFakeTimers();
    FakeWebSocket.reset();
  });
  afterEach(() => jest.useRealTimers());

  describe('connecting', () => {
    it('offers the protocol and the token as subprotocols and reports its status', async () => {
      const statuses: string[] = [];
      const realtime = client();
      realtime.onStatus((status) => statuses.push(status));
      expect(realtime.status()).toBe('idle');

      realtime.connect();
      const socket = await connected();

      expect(socket.url).toBe('ws://gateway.test/ws');
      expect(socket.protocols).toEqual([WS_PROTOCOL, 'bearer.token-1']);
      expect(realtime.session()).toEqual({
        connectionId: 'c1',
        studentId: 'student-1',
        expiresAt: '2026-11-25T14:00:00.000Z',
      });
      realtime.close();
      expect(statuses).toEqual(['connecting', 'connected', 'closed']);
      expect(socket.closedWith).toEqual({ code: 1000, reason: 'client closed' });
    });

    it('works with unbound methods, as views pass them around', async () => {
      const { connect, status, onStatus, close, subscribe } = client();
      const seen: string[] = [];
      onStatus((next) => seen.push(next));
      subscribe('modules');
      connect();
      await connected();
      expect(status()).toBe('connected');
      expect(FakeWebSocket.latest().messages()).toHaveLength(1);
      close();
      expect(seen).toEqual(['connecting', 'connected', 'closed']);
    });

    it('reads the token again on every reconnect', async () => {
      let issued = 0;
      const realtime = client({ token: async () => `token-${++issued}` });
      realtime.connect();
      (await connected()).serverCloses(closeCodes.GOING_AWAY);
      await after(250);
      expect(FakeWebSocket.latest().protocols).toEqual([WS_PROTOCOL, 'bearer.token-2']);
      realtime.close();
    });

    it('reports a failing token function and retries', async () => {
      const errors: unknown[] = [];
      let calls = 0;
      const realtime = client({
        token: () => {
          calls += 1;
          if (calls === 1) throw new Error('not signed in');
          return 'token-2';
        },
      });
      realtime.onError((error) => errors.push(error));
      realtime.connect();
      await after();
      expect(errors).toEqual([{ code: 'TOKEN_UNAVAILABLE', message: 'not signed in' }]);
      expect(realtime.status()).toBe('reconnecting');
      await after(250);
      expect(FakeWebSocket.latest().protocols).toContain('bearer.token-2');
      realtime.close();
    });
  });

  describe('reconnecting', () => {
    it('waits random() * min(max, base * 2^attempt) before each attempt', async () => {
      const realtime = client({ reconnect: { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 } });
      realtime.connect();
      await after();
      const waits: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const sockets = FakeWebSocket.instances.length;
        FakeWebSocket.latest().serverCloses(1006);
        expect(realtime.status()).toBe('reconnecting');
        let waited = 0;
        while (FakeWebSocket.instances.length === sockets) {
          await after(10);
          waited += 10;
        }
        waits.push(waited);
      }
      expect(waits).toEqual([50, 100, 200, 400, 500, 500]);
      expect(realtime.stats().reconnectAttempts).toBe(6);
      realtime.close();
    });

    it('starts from the base delay again after a healthy connection', async () => {
      const realtime = client({ reconnect: { baseDelayMs: 100, random: () => 0.999, healthyAfterMs: 1000 } });
      realtime.connect();
      await after();
      for (let attempt = 0; attempt < 3; attempt++) {
        FakeWebSocket.latest().serverCloses(1006);
        await after(1000);
      }
      const socket = FakeWebSocket.latest();
      socket.serverOpens();
      await after(999);
      socket.serverCloses(closeCodes.TRY_AGAIN_LATER);
      await after(400);
      expect(FakeWebSocket.latest()).toBe(socket);
      await after(400);
      const healthy = FakeWebSocket.latest();
      expect(healthy).not.toBe(socket);

      healthy.serverOpens();
      await after(1000);
      healthy.serverCloses(closeCodes.GOING_AWAY);
      await after(100);
      expect(FakeWebSocket.latest()).not.toBe(healthy);
      realtime.close();
    });

    it.each(terminalCloseCodes.map((code) => [code]))('stops on the terminal close code %i', async (code) => {
      const closes: unknown[] = [];
      const realtime = client();
      realtime.onClose((...args) => closes.push(args));
      realtime.connect();
      (await connected()).serverCloses(code, 'because');
      expect(realtime.status()).toBe('closed');
      expect(closes).toEqual([[code, 'because', { reconnecting: false }]]);
      await after(60_000);
      expect(FakeWebSocket.instances).toHaveLength(1);
    });

    it.each([[closeCodes.GOING_AWAY], [closeCodes.TRY_AGAIN_LATER], [1006], [1011]])(
      'reconnects after the close code %i and says so',
      async (code) => {
        const closes: unknown[] = [];
        const realtime = client();
        realtime.onClose((...args) => closes.push(args));
        realtime.connect();
        (await connected()).serverCloses(code, '');
        expect(closes).toEqual([[code, '', { reconnecting: true }]]);
        await after(250);
        expect(FakeWebSocket.instances).toHaveLength(2);
        realtime.close();
      },
    );

    it('can connect again after a terminal close (after signing in again)', async () => {
      const realtime = client();
      realtime.connect();
      (await connected()).serverCloses(closeCodes.SESSION_EXPIRED);
      realtime.connect();
      expect(realtime.status()).toBe('connecting');
      await connected();
      expect(realtime.status()).toBe('connected');
      realtime.close();
    });

    it('does not reconnect after close()', async () => {
      const realtime = client();
      realtime.connect();
      await connected();
      realtime.close();
      await after(60_000);
      expect(FakeWebSocket.instances).toHaveLength(1);
      expect(realtime.status()).toBe('closed');
    });
  });

  describe('subscriptions', () => {
    it('subscribes once the socket opens, then resumes every subscription from the applied positions', async () => {
      const realtime = client();
      realtime.subscribe('modules', { filter: { availableAtMost: 5 } });
      realtime.subscribe('registrations:me');
      realtime.subscribe('modules:MA*');
      realtime.connect();
      const first = await connected();
      expect(first.messages()).toEqual([
        { op: 'subscribe', id: 'r1', channel: 'modules', filter: { availableAtMost: 5 } },
        { op: 'subscribe', id: 'r2', channel: 'registrations:me' },
        { op: 'subscribe', id: 'r3', channel: 'modules:MA*' },
      ]);

      first.serverSends(moduleSnapshot('CS101', { offset: 10 }, [seat('CS101', 5, 100)]));
      first.serverSends(seatEvent('CS101', { offset: 11 }, 4, 101).frame);
      first.serverSends(moduleSnapshot('MA201', { offset: 3, epoch: 'e7' }, [seat('MA201', 2, 50)]));
      first.serverSends(studentSnapshot('student-1', { offset: 4 }, [registration('r1', 'PENDING', 9)]));
      first.serverSends(registrationEvent('student-1', { offset: 5 }, 'r1', 'COMPLETED', 10).frame);
      first.serverCloses(1006);
      await after(250);

      const second = FakeWebSocket.latest();
      second.serverOpens();
      expect(second.messages()).toEqual([
        {
          op: 'subscribe',
          id: 'r4',
          channel: 'modules',
          filter: { availableAtMost: 5 },
          resume: {
            'module:CS101': { epoch: 'e1', offset: '11' },
            'module:MA201': { epoch: 'e7', offset: '3' },
          },
        },
        {
          op: 'subscribe',
          id: 'r5',
          channel: 'registrations:me',
          resume: { 'student:student-1': { epoch: 'e1', offset: '5' } },
        },
        {
          op: 'subscribe',
          id: 'r6',
          channel: 'modules:MA*',
          resume: { 'module:MA201': { epoch: 'e7', offset: '3' } },
        },
      ]);
      realtime.close();
    });

    it('shares one gateway subscription between holders and unsubscribes after the last', async () => {
      const realtime = client();
      realtime.connect();
      const socket = await connected();
      const first = realtime.subscribe('modules:CS101');
      const second = realtime.subscribe('modules:CS101');
      first();
      first();
      expect(socket.messages().map((message) => message.op)).toEqual(['subscribe']);
      second();
      expect(socket.messages().at(-1)).toEqual({ op: 'unsubscribe', id: 'r2', channel: 'modules:CS101' });
      socket.serverCloses(1006);
      await after(250);
      FakeWebSocket.latest().serverOpens();
      expect(FakeWebSocket.latest().messages()).toEqual([]);
      realtime.close();
    });

    it('reports a refused subscription to onError and does not send it again', async () => {
      const errors: unknown[] = [];
      const realtime = client();
      realtime.onError((error) => errors.push(error));
      realtime.subscribe('modules:CS*');
      realtime.subscribe('modules');
      realtime.connect();
      const socket = await connected();
      socket.serverSends({ type: 'ack', id: 'r2', op: 'subscribe' });
      socket.serverSends({ type: 'error', id: 'r1', code: 'TOO_MANY_SUBSCRIPTIONS', message: 'at most 1' });
      expect(errors).toEqual([
        { code: 'TOO_MANY_SUBSCRIPTIONS', message: 'at most 1', op: 'subscribe', channel: 'modules:CS*' },
      ]);
      socket.serverCloses(1006);
      await after(250);
      FakeWebSocket.latest().serverOpens();
      expect(
        FakeWebSocket.latest()
          .messages()
          .map((message) => 'channel' in message && message.channel),
      ).toEqual(['modules']);
      realtime.close();
    });

    it('rejects a malformed channel or filter at once', () => {
      const realtime = client();
      expect(() => realtime.subscribe('seats' as never)).toThrow(TypeError);
      expect(() => realtime.subscribe('modules', { filter: { availableAtMost: -1 } })).toThrow(TypeError);
    });
  });

  describe('applying frames', () => {
    it('applies a snapshot then its events, dropping duplicates and older versions', async () => {
      const realtime = client();
      realtime.subscribe('modules');
      realtime.connect();
      const socket = await connected();
      const views = jest.fn();
      realtime.store.subscribe(selectModules, views);

      socket.serverSends(moduleSnapshot('CS101', { offset: 10 }, [seat('CS101', 5, 100, 'Algorithms')]));
      socket.serverSends(seatEvent('CS101', { offset: 9 }, 6, 99).frame);
      socket.serverSends(seatEvent('CS101', { offset: 11 }, 4, 101).frame);
      socket.serverSends(seatEvent('CS101', { offset: 11 }, 4, 101).frame);
      socket.serverSends(seatEvent('CS101', { offset: 12 }, 7, 100).frame);

      expect(selectModules(realtime.store.getState())).toEqual([seat('CS101', 4, 101, 'Algorithms')]);
      expect(realtime.store.getState().positions).toEqual({ 'module:CS101': { epoch: 'e1', offset: '12' } });
      expect(views).toHaveBeenCalledTimes(2);
      expect(realtime.stats()).toMatchObject({ duplicateEvents: 2, staleUpdates: 1, malformedFrames: 0 });
      realtime.close();
    });

    it('ignores and counts malformed frames', async () => {
      const realtime = client();
      realtime.connect();
      const socket = await connected();
      const before = realtime.store.getState();
      const badData = seatEvent('CS101', { offset: 1 }, 4).frame;

      socket.serverSends('not json');
      socket.serverSends(JSON.stringify({ type: 'gossip' }));
      socket.serverSends(JSON.stringify({ type: 'snapshot', channel: 'module:CS101' }));
      socket.serverSends({
        ...badData,
        event: { ...badData.event, data: { ...badData.event.data, available: -1 } },
      });
      socket.serverSends(new ArrayBuffer(8));

      expect(realtime.stats().malformedFrames).toBe(5);
      expect(realtime.store.getState()).toBe(before);
      socket.serverSends(badData);
      expect(realtime.store.getState().seats.byId['CS101']?.available).toBe(4);
      expect(realtime.status()).toBe('connected');
      realtime.close();
    });
  });

  describe(`refreshing the token in band`, () => {
    it('resolves on the ack and rejects on an error', async () => {
      const realtime = client();
      realtime.connect();
      const socket = await connected();

      const accepted = realtime.refreshToken('token-2');
      expect(socket.messages().at(-1)).toEqual({ op: 'refresh', id: 'r1', token: 'token-2' });
      socket.serverSends({ type: 'ack', id: 'r1', op: 'refresh' });
      await expect(accepted).resolves.toBeUndefined();

      const refused = realtime.refreshToken('someone-else');
      socket.serverSends({ type: 'error', id: 'r2', code: 'TOKEN_REJECTED', message: 'another student' });
      await expect(refused).rejects.toMatchObject({ code: 'TOKEN_REJECTED' });

      const cut = realtime.refreshToken('token-3');
      socket.serverCloses(1006);
      await expect(cut).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
      realtime.close();
    });

    it('resolves at once when not connected, leaving the token to the next connection', async () => {
      await expect(client().refreshToken('token-2')).resolves.toBeUndefined();
    });
  });

  describe('offline', () => {
    it('shows offline instead of retrying while the browser has no network, and reconnects when it is back', async () => {
      const network = new FakeNetwork();
      const realtime = client({ network });
      realtime.connect();
      const socket = await connected();

      network.set(false);
      expect(realtime.status()).toBe('offline');
      expect(socket.closedWith).toEqual({ code: 1000, reason: 'offline' });
      await after(60_000);
      expect(FakeWebSocket.instances).toHaveLength(1);

      network.set(true);
      expect(realtime.status()).toBe('reconnecting');
      await connected();
      expect(realtime.status()).toBe('connected');
      realtime.close();
    });

    it('goes offline rather than reconnecting when a close finds the network gone', async () => {
      const network = new FakeNetwork();
      const realtime = client({ network });
      realtime.connect();
      const socket = await connected();
      network.state = false;
      socket.serverCloses(1006);
      expect(realtime.status()).toBe('offline');
      realtime.close();
    });

    it('looks at the network again after the backoff when no online event comes', async () => {
      const network = new FakeNetwork();
      network.state = false;
      const realtime = client({ network, reconnect: { baseDelayMs: 100, random: () => 0.5 } });
      realtime.connect();
      await after(1000);
      expect(realtime.status()).toBe('offline');
      expect(FakeWebSocket.instances).toHaveLength(0);
      network.state = true;
      await after(1000);
      expect(FakeWebSocket.instances).toHaveLength(1);
      expect(realtime.status()).toBe('reconnecting');
      realtime.close();
    });

    it('starts offline when there is no network', () => {
      const network = new FakeNetwork();
      network.state = false;
      const realtime = client({ network });
      realtime.connect();
      expect(realtime.status()).toBe('offline');
      expect(FakeWebSocket.instances).toHaveLength(0);
      realtime.close();
    });
  });
});
