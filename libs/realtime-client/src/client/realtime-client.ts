import {
  WS_PROTOCOL,
  currentVersionOf,
  decodeIncoming,
  serverMessage,
  subscriptionChannel,
  subscriptionFilter,
  terminalCloseCodes,
  type ClientMessage,
  type ServerMessage,
  type SubscriptionChannel,
} from '@platform/contracts';
import { platformNetworkStatus } from '../connection/network.status';
import { backoffDelay, reconnectPolicy } from '../connection/reconnect.backoff';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from '../connection/websocket.port';
import { applyEvent, applySnapshot, emptyReplica, type ApplyOutcome } from '../store/realtime-state.reducer';
import { createRealtimeStore } from '../store/realtime-store';
import { SubscriptionRegistry, resumePositions, type SubscriptionEntry } from './subscription.registry';
import {
  RealtimeRequestError,
  type CloseDetails,
  type ConnectionStatus,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RealtimeError,
  type SessionInfo,
  type SubscribeOptions,
} from './realtime-client.types';

type PendingRequest =
  | { readonly op: 'subscribe'; readonly entry: SubscriptionEntry }
  | { readonly op: 'unsubscribe'; readonly channel: SubscriptionChannel }
  | { readonly op: 'refresh'; resolve(): void; reject(error: RealtimeRequestError): void };

type Timer = ReturnType<typeof setTimeout>;

/** A connection to the notification gateway that keeps a normalized replica of what it pushes. */
export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const WebSocketClass = webSocketClass(options.WebSocket);
  const policy = reconnectPolicy(options.reconnect);
  const network = options.network ?? platformNetworkStatus();
  const store = createRealtimeStore();
  const subscriptions = new SubscriptionRegistry();
  const pending = new Map<string, PendingRequest>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const closeListeners = new Set<(code: number, reason: string, details: CloseDetails) => void>();
  const errorListeners = new Set<(error: RealtimeError) => void>();
  const stats = { malformedFrames: 0, duplicateEvents: 0, staleUpdates: 0, reconnectAttempts: 0 };

  let replica = emptyReplica;
  let status: ConnectionStatus = 'idle';
  let socket: WebSocketLike | undefined;
  let session: SessionInfo | undefined;
  let running = false;
  /** Bumped whenever a connection attempt is abandoned, so its late token or socket is ignored. */
  let generation = 0;
  let attempt = 0;
  let requestSeq = 0;
  let retryTimer: Timer | undefined;
  let healthyTimer: Timer | undefined;
  let unwatchNetwork: (() => void) | undefined;

  function setStatus(next: ConnectionStatus): void {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function emitError(error: RealtimeError): void {
    for (const listener of [...errorListeners]) listener(error);
  }

  function readToken(): Promise<string> {
    const { token } = options;
    return Promise.resolve().then(() => (typeof token === 'function' ? token() : token));
  }

  function open(kind: 'connecting' | 'reconnecting'): void {
    retryTimer = undefined;
    if (network.online() === false) {
      scheduleReconnect();
      return;
    }
    setStatus(kind);
    const current = ++generation;
    readToken().then(
      (token) => {
        if (current !== generation || !running) return;
        try {
          attach(token);
        } catch (error) {
          // The constructor refuses a token with characters a subprotocol cannot carry; the next token may do.
          emitError({
            code: 'TOKEN_UNAVAILABLE',
            message: error instanceof Error ? error.message : String(error),
          });
          scheduleReconnect();
        }
      },
      (error: unknown) => {
        if (current !== generation || !running) return;
        emitError({
          code: 'TOKEN_UNAVAILABLE',
          message: error instanceof Error ? error.message : String(error),
        });
        scheduleReconnect();
      },
    );
  }

  function attach(token: string): void {
    const ws = new WebSocketClass(options.url, [WS_PROTOCOL, `bearer.${token}`]);
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      setStatus('connected');
      if (policy.healthyAfterMs <= 0) attempt = 0;
      else healthyTimer = setTimeout(() => (attempt = 0), policy.healthyAfterMs);
      for (const entry of subscriptions.all()) sendSubscribe(entry);
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) receive(event.data);
    });
    ws.addEventListener('close', (event) => {
      if (socket !== ws) return;
      detach();
      closedByServer(event.code, event.reason);
    });
    // A failed handshake or a network error is followed by a close event, which does the work.
    ws.addEventListener('error', () => {});
  }

  /** Forgets the current socket and whatever was waiting on it. */
  function detach(): WebSocketLike | undefined {
    const ws = socket;
    socket = undefined;
    session = undefined;
    clearTimeout(healthyTimer);
    healthyTimer = undefined;
    for (const [id, request] of pending) {
      pending.delete(id);
      if (request.op === 'refresh') {
        request.reject(
          new RealtimeRequestError('CONNECTION_CLOSED', 'the connection closed before the answer'),
        );
      }
    }
    return ws;
  }

  function closedByServer(code: number, reason: string): void {
    if (!running) return;
    const terminal = (terminalCloseCodes as readonly number[]).includes(code);
    if (terminal) stop();
    else scheduleReconnect();
    for (const listener of [...closeListeners]) listener(code, reason, { reconnecting: !terminal });
  }

  /**
   * While offline the timer only looks at the network again (no socket is opened), in case the
   * platform reports `navigator.onLine` but never fires 'online'.
   */
  function scheduleReconnect(): void {
    const delay = backoffDelay(attempt, policy);
    attempt += 1;
    stats.reconnectAttempts += 1;
    setStatus(network.online() === false ? 'offline' : 'reconnecting');
    retryTimer = setTimeout(() => open('reconnecting'), delay);
  }

  function onNetworkChange(online: boolean): void {
    if (!running) return;
    if (!online) {
      generation += 1;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      // The browser knows the network is gone; waiting for the socket to time out would only delay 'offline'.
      detach()?.close(1000, 'offline');
      scheduleReconnect();
    } else if (status === 'offline') {
      clearTimeout(retryTimer);
      open('reconnecting');
    }
  }

  function stop(): void {
    running = false;
    generation += 1;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    unwatchNetwork?.();
    unwatchNetwork = undefined;
    detach()?.close(1000, 'client closed');
    setStatus('closed');
  }

  function send(message: ClientMessage): void {
    socket?.send(JSON.stringify(message));
  }

  function isOpen(): boolean {
    return socket !== undefined && socket.readyState === OPEN;
  }

  function nextRequestId(): string {
    requestSeq += 1;
    return `r${requestSeq}`;
  }

  function sendSubscribe(entry: SubscriptionEntry): void {
    const id = nextRequestId();
    const resume = resumePositions(entry.channel, replica.state.positions);
    pending.set(id, { op: 'subscribe', entry });
    send({
      op: 'subscribe',
      id,
      channel: entry.channel,
      ...(entry.filter === undefined ? {} : { filter: entry.filter }),
      ...(resume === undefined ? {} : { resume }),
    });
  }

  function receive(data: unknown): void {
    let json: unknown;
    try {
      json = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      json = undefined;
    }
    const parsed = serverMessage.safeParse(json);
    if (!parsed.success) {
      stats.malformedFrames += 1;
      return;
    }
    handle(parsed.data);
  }

  function handle(frame: ServerMessage): void {
    switch (frame.type) {
      case 'welcome':
        session = {
          connectionId: frame.connectionId,
          studentId: frame.studentId,
          expiresAt: frame.expiresAt,
        };
        return;
      case 'ack': {
        const request = pending.get(frame.id);
        pending.delete(frame.id);
        if (request?.op === 'refresh') request.resolve();
        return;
      }
      case 'error':
        return failed(frame);
      case 'snapshot':
        return commit(applySnapshot(replica, frame));
      case 'event': {
        const decoded = decodeIncoming(
          frame.event.type,
          currentVersionOf(frame.event.type),
          frame.event.data,
        );
        if (!decoded.ok) {
          stats.malformedFrames += 1;
          return;
        }
        return commit(applyEvent(replica, frame, decoded.message));
      }
      default: {
        const unknownFrame: never = frame;
        return unknownFrame;
      }
    }
  }

  function commit(result: { replica: typeof replica; outcome: ApplyOutcome }): void {
    if (result.outcome === 'duplicate') stats.duplicateEvents += 1;
    if (result.outcome === 'stale') stats.staleUpdates += 1;
    replica = result.replica;
    store.setState(replica.state);
  }

  function failed(frame: Extract<ServerMessage, { type: 'error' }>): void {
    const request = frame.id === undefined ? undefined : pending.get(frame.id);
    if (frame.id !== undefined) pending.delete(frame.id);
    if (request?.op === 'refresh') {
      request.reject(new RealtimeRequestError(frame.code, frame.message));
      emitError({ code: frame.code, message: frame.message, op: 'refresh' });
      return;
    }
    if (request?.op === 'subscribe') {
      // Sending it again on the next connection would only be refused again.
      if (subscriptions.current(request.entry.channel) === request.entry) {
        subscriptions.drop(request.entry.channel);
      }
      emitError({
        code: frame.code,
        message: frame.message,
        op: 'subscribe',
        channel: request.entry.channel,
      });
      return;
    }
    emitError({
      code: frame.code,
      message: frame.message,
      ...(request === undefined ? {} : { op: request.op, channel: request.channel }),
    });
  }

  function listen<L>(listeners: Set<L>, listener: L): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  return {
    store,
    connect() {
      if (status !== 'idle' && status !== 'closed') return;
      running = true;
      attempt = 0;
      unwatchNetwork = network.watch(onNetworkChange);
      open('connecting');
    },
    close: stop,
    subscribe(channel, subscribeOptions: SubscribeOptions = {}) {
      if (!subscriptionChannel.safeParse(channel).success) throw new TypeError(`Not a channel: ${channel}`);
      const { filter } = subscribeOptions;
      if (filter !== undefined && !subscriptionFilter.safeParse(filter).success) {
        throw new TypeError(`Not a subscription filter: ${JSON.stringify(filter)}`);
      }
      const added = subscriptions.hold(channel, filter);
      const entry = added ?? subscriptions.current(channel);
      if (added !== undefined && isOpen()) sendSubscribe(added);
      let released = false;
      return () => {
        if (released || entry === undefined) return;
        released = true;
        if (subscriptions.release(entry) && isOpen()) {
          const id = nextRequestId();
          pending.set(id, { op: 'unsubscribe', channel });
          send({ op: 'unsubscribe', id, channel });
        }
      };
    },
    refreshToken(token) {
      if (!isOpen()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const id = nextRequestId();
        pending.set(id, { op: 'refresh', resolve, reject });
        send({ op: 'refresh', id, token });
      });
    },
    status: () => status,
    onStatus: (listener) => listen(statusListeners, listener),
    onClose: (listener) => listen(closeListeners, listener),
    onError: (listener) => listen(errorListeners, listener),
    session: () => session,
    stats: () => ({ ...stats }),
  };
}

function webSocketClass(given: WebSocketConstructor | undefined): WebSocketConstructor {
  const found = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (found === undefined) throw new TypeError('No global WebSocket here: pass options.WebSocket');
  return found;
}
