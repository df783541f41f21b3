import { WS_PROTOCOL, type ClientMessage, type ServerMessage } from '@platform/contracts';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { ClientPlan, DriverMessage, FanoutTarget, WorkerMessage } from './fanout.protocol';
import { LatencyHistogram } from './latency.histogram';

// One load process: holds its share of the benchmark's sockets and measures push latency as
// receive time minus the event's changedAt (stamped by the driver on the same machine clock).

type EventMessage = Extract<ServerMessage, { type: 'event' }>;

/** Deliveries slower than this are counted per second of the window, to show when stalls happen. */
const LATE_MS = 100;

interface Listener {
  onEvent(receivedAt: number, event: EventMessage): void;
  onSnapshot(): void;
  onClose(code: number): void;
}

interface OpenClient {
  close(): void;
}

let latency = new LatencyHistogram();
let delivered = 0;
let snapshots = 0;
let foreign = 0;
let lateBySecond: Record<number, number> = {};
let closes: Record<string, number> = {};
let measuring = { cpu: process.cpuUsage(), at: Date.now() };
let closing = false;
let modulePrefix = '';
const clients: OpenClient[] = [];

const listener: Listener = {
  onEvent(receivedAt, message) {
    const data = message.event.data as { moduleId?: string; changedAt?: string };
    if (typeof data.moduleId !== 'string' || !data.moduleId.startsWith(modulePrefix)) {
      foreign += 1;
      return;
    }
    const ms = receivedAt - Date.parse(String(data.changedAt));
    latency.record(ms);
    delivered += 1;
    if (ms > LATE_MS) {
      const second = Math.floor((receivedAt - measuring.at) / 1000);
      lateBySecond[second] = (lateBySecond[second] ?? 0) + 1;
    }
  },
  onSnapshot() {
    snapshots += 1;
  },
  onClose(code) {
    if (!closing) closes[code] = (closes[code] ?? 0) + 1;
  },
};

const ALL_MODULES_CATCH_UP_MS = 5_000;

/**
 * The gateway's own protocol over `ws`: token as subprotocol, one subscribe, then its ack and the
 * snapshot that ends the catch-up (the gateway holds live events for the subscription until then).
 */
function connectGateway(url: string, plan: ClientPlan): Promise<OpenClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [WS_PROTOCOL, `bearer.${plan.token}`], {
      perMessageDeflate: false,
      handshakeTimeout: 60_000,
    });
    let subscribed = false;
    let acked = false;
    const caughtUp = () => {
      if (subscribed) return;
      subscribed = true;
      resolve({ close: () => socket.close(1000) });
    };
    socket.on('unexpected-response', (_request, response) => {
      reject(new Error(`HTTP ${response.statusCode}`));
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
    socket.on('open', () => {
      const subscribe: ClientMessage = { op: 'subscribe', id: 'bench', channel: plan.channel };
      socket.send(JSON.stringify(subscribe));
    });
    socket.on('message', (raw: Buffer) => {
      const receivedAt = Date.now();
      const message = JSON.parse(raw.toString('utf8')) as ServerMessage;
      if (message.type === 'event') listener.onEvent(receivedAt, message);
      else if (message.type === 'snapshot') {
        listener.onSnapshot();
        if (acked) caughtUp();
      } else if (message.type === 'ack' && message.id === 'bench') {
        acked = true;
        // `modules` gets one snapshot per module in the read model, so none when it is empty.
        if (plan.channel === 'modules') setTimeout(caughtUp, ALL_MODULES_CATCH_UP_MS);
      } else if (message.type === 'error') reject(new Error(`${message.code}: ${message.message}`));
    });
    socket.on('close', (code, reason) => {
      if (subscribed) listener.onClose(code);
      else reject(new Error(`closed ${code} ${reason.toString()}`));
    });
  });
}

/** The Socket.IO baseline: websocket transport only (no long-polling), one connection per client. */
function connectSocketIo(url: string, plan: ClientPlan): Promise<OpenClient> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      auth: { token: plan.token },
      // Without forceNew every client of this process would share one multiplexed connection.
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
    });
    let subscribed = false;
    socket.on('event', (message: EventMessage) => listener.onEvent(Date.now(), message));
    socket.on('connect_error', (error) => reject(error));
    socket.on('connect', () => {
      socket.emit('subscribe', { channel: plan.channel }, (answer: { ok: boolean; error?: string }) => {
        if (!answer.ok) return reject(new Error(answer.error ?? 'subscribe refused'));
        subscribed = true;
        resolve({ close: () => socket.close() });
      });
    });
    socket.on('disconnect', (reason) => {
      if (subscribed) listener.onClose(reason === 'io server disconnect' ? 1000 : 1006);
      else reject(new Error(`disconnected: ${reason}`));
    });
  });
}

async function connectAll(
  target: FanoutTarget,
  url: string,
  plans: ClientPlan[],
  concurrency: number,
): Promise<WorkerMessage> {
  const connect = target === 'gateway' ? connectGateway : connectSocketIo;
  const errors = new Set<string>();
  const channels: Record<string, number> = {};
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      try {
        clients.push(await connect(url, plan));
        channels[plan.channel] = (channels[plan.channel] ?? 0) + 1;
      } catch (error) {
        failed += 1;
        if (errors.size < 5) errors.add(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, lane));
  return { kind: 'connected', opened: clients.length, failed, channels, errors: [...errors] };
}

function send(message: WorkerMessage): void {
  process.send!(message);
}

process.on('message', (message: DriverMessage) => {
  switch (message.kind) {
    case 'connect':
      modulePrefix = message.modulePrefix;
      void connectAll(message.target, message.url, message.clients, message.concurrency).then(send);
      return;
    case 'measure':
      latency = new LatencyHistogram();
      delivered = 0;
      snapshots = 0;
      foreign = 0;
      lateBySecond = {};
      closes = {};
      measuring = { cpu: process.cpuUsage(), at: Date.now() };
      return;
    case 'report': {
      const cpu = process.cpuUsage(measuring.cpu);
      send({
        kind: 'report',
        latency: latency.toPairs(),
        delivered,
        snapshots,
        foreign,
        lateBySecond,
        closes,
        cpuMicros: cpu.user + cpu.system,
        wallMs: Date.now() - measuring.at,
      });
      return;
    }
    case 'close':
      closing = true;
      for (const client of clients) client.close();
      // Give the close handshakes a moment, then leave; the driver waits for the exit.
      setTimeout(
        () => process.send!({ kind: 'closed' } satisfies WorkerMessage, () => process.exit(0)),
        1_000,
      );
      return;
  }
});
