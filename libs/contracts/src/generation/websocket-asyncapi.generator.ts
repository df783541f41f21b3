import { z } from 'zod';
import { closeCodes } from '../websocket/close-codes';
import { clientMessage, PROTOCOL, serverMessage } from '../websocket/ws-protocol';

const CLOSE_CODE_MEANING: Record<keyof typeof closeCodes, string> = {
  GOING_AWAY: 'the gateway is shutting down; reconnect with backoff and resume',
  POLICY_VIOLATION:
    'a frame broke the protocol (not JSON, binary, or too many a second); do not retry unchanged',
  MESSAGE_TOO_BIG: 'a frame above the maximum message size',
  TRY_AGAIN_LATER: 'overloaded, or the client read too slowly; reconnect with backoff and resume',
  SESSION_EXPIRED: 'the session expired; sign in again',
  SESSION_REVOKED: 'the session was revoked (signed out); sign in again',
  TOKEN_REJECTED: 'an in-band refresh carried an invalid token or another student’s; sign in again',
};

type Variant = z.ZodObject<{ op?: z.ZodLiteral<string>; type?: z.ZodLiteral<string> }>;

function variants(union: z.ZodDiscriminatedUnion, discriminator: 'op' | 'type') {
  return (union.options as unknown as Variant[]).map((option) => {
    const literal = option.shape[discriminator] as z.ZodLiteral<string>;
    return { name: String(literal.value), schema: z.toJSONSchema(option, { io: 'input' }) };
  });
}

/** An AsyncAPI 3.0 document of the notification gateway's WebSocket API, from the zod schemas. */
export function buildWebSocketAsyncApiDocument(generateCommand: string): Record<string, unknown> {
  const sent = variants(clientMessage, 'op').map((v) => ({ ...v, id: `client.${v.name}` }));
  const received = variants(serverMessage, 'type').map((v) => ({ ...v, id: `server.${v.name}` }));
  const closeCodeLines = Object.entries(closeCodes).map(
    ([name, code]) => `- ${code} ${name}: ${CLOSE_CODE_MEANING[name as keyof typeof closeCodes]}`,
  );
  const messageRefs = (list: { id: string }[]) =>
    list.map(({ id }) => ({ $ref: `#/channels/updates/messages/${id}` }));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Course registration platform WebSocket API',
      version: '1.0.0',
      description: [
        'The notification gateway pushes seat counts and registration status to browsers over one WebSocket.',
        `Handshake: GET /ws with the subprotocols ["${PROTOCOL}", "bearer.<session token>"] (or ?access_token=),`,
        'from an allowed Origin; a bad token gets HTTP 401, a bad origin 403.',
        'Every frame is a JSON text frame; every request gets an ack or an error with a reason.',
        'Events carry their source channel, epoch and offset; a reconnecting client resumes from them.',
        'The epoch is <realtime.updates topic id>:<partition>; the offset is the Kafka offset plus one (the',
        "partition's end offset just after the record), so event and snapshot offsets compare directly.",
        '',
        'Close codes:',
        ...closeCodeLines,
        '',
        `Generated from libs/contracts; do not edit, run \`${generateCommand}\`. Details: docs/realtime.md.`,
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: 'localhost:3006',
        pathname: '/ws',
        protocol: 'ws',
        description: 'notification-gateway on the native stack (./platform start).',
      },
    },
    channels: {
      updates: {
        address: '/ws',
        title: 'Realtime updates',
        description:
          'One connection per browser tab; subscriptions to modules, modules:<id or pattern>, registrations:me.',
        messages: Object.fromEntries(
          [...sent, ...received].map(({ id, name, schema }) => {
            const { $schema: _dialect, ...payload } = schema as Record<string, unknown>;
            return [id, { name: id, title: name, payload }];
          }),
        ),
      },
    },
    operations: {
      sendRequests: {
        action: 'receive',
        channel: { $ref: '#/channels/updates' },
        summary: 'What a client sends: subscribe, unsubscribe, refresh.',
        messages: messageRefs(sent),
      },
      pushUpdates: {
        action: 'send',
        channel: { $ref: '#/channels/updates' },
        summary: 'What the gateway sends: welcome, ack, error, event, snapshot.',
        messages: messageRefs(received),
      },
    },
  };
}
