import { closeCodes } from '@platform/contracts';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import {
  eventually,
  generatePemKeyPair,
  Publisher,
  startGateway,
  TestClient,
  TestSessions,
  tokenIssuer,
  type RunningGateway,
} from './support/gateway';

// Generated frames against the real gateway: whatever a client sends, the gateway answers with a
// documented error code or closes with a documented close code, keeps serving the connection when
// it did not close it, and never crashes.
jest.setTimeout(180_000);

const documentedCloseCodes = new Set<number>(Object.values(closeCodes));
const documentedErrorCodes = new Set([
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'TOO_MANY_SUBSCRIPTIONS',
  'NOT_SUBSCRIBED',
  'TOKEN_REJECTED',
]);
const MAX_MESSAGE_BYTES = 4096;

/** Frames a confused or hostile client might send: text of any shape, and binary. */
const frames = (): fc.Arbitrary<string | Buffer> => {
  const op = fc.constantFrom('subscribe', 'unsubscribe', 'refresh', 'ping', '', 'SUBSCRIBE');
  const nearlyValid = fc.record(
    {
      op,
      id: fc.oneof(fc.string({ maxLength: 80 }), fc.integer(), fc.constant(null)),
      channel: fc.oneof(
        fc.constantFrom(
          'modules',
          'registrations:me',
          'modules:CS*',
          'modules:',
          'student:x',
          'registrations:other',
        ),
        fc.string({ maxLength: 200 }),
      ),
      filter: fc.oneof(fc.object(), fc.record({ availableAtMost: fc.oneof(fc.integer(), fc.string()) })),
      resume: fc.dictionary(fc.string({ maxLength: 20 }), fc.anything()),
      token: fc.string({ maxLength: 50 }),
    },
    { requiredKeys: ['op'] },
  );
  return fc.oneof(
    nearlyValid.map((message) => JSON.stringify(message)),
    fc.json({ maxDepth: 4 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.constant('x'.repeat(MAX_MESSAGE_BYTES + 1)),
  );
};

describe('the WebSocket protocol under generated frames', () => {
  let running: RunningGateway;
  let publisher: Publisher;
  let sessions: TestSessions;
  let token: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    const keys = await generatePemKeyPair();
    running = await startGateway(keys, {
      GATEWAY_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
      GATEWAY_RATE_LIMIT_PER_SECOND: '1000',
    });
    publisher = await Publisher.create();
    sessions = new TestSessions(await tokenIssuer(keys), publisher);
    token = (await sessions.signIn()).token;
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await publisher?.close();
    await running?.app.close();
  });

  async function connect(): Promise<TestClient> {
    const client = TestClient.connect(running.url, token);
    clients.push(client);
    await client.ready();
    await eventually('welcome', () => client.of('welcome').length > 0);
    return client;
  }

  it('answers every frame with a documented error or close code, and keeps serving', async () => {
    let client = await connect();
    let probes = 0;
    const closesSeen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(frames(), async (frame) => {
        const before = client.received.length;
        (client as unknown as { socket: WebSocket }).socket.send(frame);
        // An echo after the frame: the connection went on past it, or it was closed.
        const probe = `probe-${(probes += 1)}`;
        client.send({ op: 'unsubscribe', id: probe, channel: 'modules:never-subscribed' });
        const outcome = await Promise.race([
          eventually(`the reply to ${probe}`, () =>
            client.received.some((message) => message.type === 'error' && message.id === probe),
          ).then(() => undefined),
          client.closed,
        ]);
        for (const message of client.received.slice(before)) {
          if (message.type === 'error') expect(documentedErrorCodes).toContain(message.code);
        }
        if (outcome) {
          expect(documentedCloseCodes).toContain(outcome.code);
          closesSeen.add(outcome.code);
          client = await connect();
        }
      }),
      { numRuns: 150, seed: 20261202 },
    );
    // The generated frames reached the close paths too (binary and oversized frames), and the
    // gateway is still there for everyone else.
    expect([...closesSeen].sort()).toEqual([closeCodes.POLICY_VIOLATION, closeCodes.MESSAGE_TOO_BIG]);
    await connect();
  });
});
