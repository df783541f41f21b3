import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import type { ServerMessage, TopicName } from '@platform/contracts';
import { createKafkaClient, decodeMessage } from '@platform/messaging';
import { SessionTokenVerifier } from '@platform/session-tokens';
import { Server } from 'socket.io';

// The benchmark's baseline: the textbook Socket.IO fan-out. It consumes realtime.updates in its
// own consumer group like a gateway instance, verifies the same session tokens on the handshake,
// joins each client to a room per subscription and broadcasts every seat change to its rooms.
// Started and stopped by websocket-fanout.bench.ts; says `ready` over IPC once it can serve.

type EventMessage = Extract<ServerMessage, { type: 'event' }>;

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    brokers: { type: 'string' },
    'public-key-file': { type: 'string' },
    group: { type: 'string' },
  },
});
const REALTIME_TOPIC: TopicName = 'realtime.updates';
const ALL_MODULES_ROOM = 'modules';

async function main(): Promise<void> {
  const verifier = await SessionTokenVerifier.fromPem(readFileSync(options['public-key-file']!, 'utf8'), {
    issuer: 'course-platform/registration-service',
    audience: 'course-platform',
  });
  const http = createServer();
  const server = new Server(http, {
    transports: ['websocket'],
    perMessageDeflate: false,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });
  server.use((socket, next) => {
    verifier.verify(String(socket.handshake.auth.token)).then(
      (claims) => {
        socket.data.studentId = claims.studentId;
        next();
      },
      (error: Error) => next(error),
    );
  });
  server.on('connection', (socket) => {
    socket.on('subscribe', (request: { channel?: unknown }, ack: (answer: object) => void) => {
      const channel = String(request?.channel);
      if (channel === ALL_MODULES_ROOM) void socket.join(ALL_MODULES_ROOM);
      else if (channel.startsWith('modules:')) void socket.join(`module:${channel.slice('modules:'.length)}`);
      else return ack({ ok: false, error: `unknown channel ${channel}` });
      ack({ ok: true });
    });
  });

  const kafka = createKafkaClient('platformatic', { brokers: options.brokers!.split(',') });
  const consumer = await kafka.createConsumer({
    clientId: options.group!,
    groupId: options.group!,
    topics: [REALTIME_TOPIC],
    fromBeginning: false,
    // The messaging runtime's own long-poll setting, so both servers fetch alike.
    maxWaitMs: 100,
  });
  let assigned!: () => void;
  const ready = new Promise<void>((resolve) => (assigned = resolve));
  await consumer.start({
    onAssigned: () => assigned(),
    onRevoked: async () => {},
    onMessages: async (partition, messages) => {
      for (const message of messages) {
        const decoded = decodeMessage(message);
        if (decoded.type !== 'SeatAvailableChanged') continue;
        const data = decoded.data as { moduleId: string; channel: string };
        const event = (subscription: string): EventMessage => ({
          type: 'event',
          subscription,
          channel: data.channel,
          epoch: String(partition.partition),
          offset: message.offset,
          event: {
            type: 'SeatAvailableChanged',
            time: decoded.envelope.time,
            data: decoded.data as Record<string, unknown>,
          },
        });
        server.to(`module:${data.moduleId}`).emit('event', event(`modules:${data.moduleId}`));
        server.to(ALL_MODULES_ROOM).emit('event', event(ALL_MODULES_ROOM));
      }
    },
  });
  await ready;
  await new Promise<void>((resolve) => http.listen(Number(options.port), '127.0.0.1', resolve));
  process.send?.({ kind: 'ready' });

  const stop = async () => {
    await consumer.stop();
    server.disconnectSockets(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
