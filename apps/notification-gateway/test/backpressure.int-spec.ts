import { randomUUID } from 'node:crypto';
import { closeCodes } from '@platform/contracts';
import type { Socket } from 'node:net';
import { register } from 'prom-client';
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

// A client that stops reading: the gateway fills the socket up to its buffer limit, then holds
// frames in a bounded queue where seat counts of one module replace each other, and closes 1013
// once the queue cannot take what must not be dropped.
jest.setTimeout(180_000);

const MAX_QUEUED = 8;
const MAX_BUFFERED = 8 * 1024;

describe('a slow client', () => {
  const run = `BP${randomUUID().slice(0, 6)}`;
  let running: RunningGateway;
  let publisher: Publisher;
  let client: TestClient;

  beforeAll(async () => {
    const keys = await generatePemKeyPair();
    running = await startGateway(keys, {
      GATEWAY_MAX_QUEUED: String(MAX_QUEUED),
      GATEWAY_MAX_BUFFERED_BYTES: String(MAX_BUFFERED),
    });
    publisher = await Publisher.create();
    const sessions = new TestSessions(await tokenIssuer(keys), publisher);
    const { token } = await sessions.signIn(`slow-${run}`);
    client = TestClient.connect(running.url, token);
    await client.ready();
  });

  afterAll(async () => {
    client?.close();
    await publisher?.close();
    await running?.app.close();
  });

  it('gets conflated updates with bounded memory, then 1013', async () => {
    const hot = `${run}-hot`;
    expect(await client.request({ op: 'subscribe', id: 's', channel: `modules:${run}-*` })).toMatchObject({
      type: 'ack',
    });
    await eventually('a live event', async () => {
      await publisher.seats(`${run}-probe`, 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return client.events().length > 0;
    });
    const conflatedBefore = await counterValue('gateway_messages_conflated_total');

    (client.socket as unknown as { _socket: Socket })._socket.pause();
    const backlog = () => running.connections.backlogs().find((b) => b.studentId === `slow-${run}`);
    let published = 0;
    let maxBuffered = 0;
    let maxQueued = 0;
    // Enough seat changes of one module to fill the kernel's socket buffers, then the gateway's.
    await eventually(
      'conflation',
      async () => {
        const batch = Array.from({ length: 1000 }, (_, n) => ({
          moduleId: hot,
          available: (published + n) % 10,
        }));
        await publisher.seatsMany(batch);
        published += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 200));
        const now = backlog();
        maxBuffered = Math.max(maxBuffered, now?.bufferedBytes ?? 0);
        maxQueued = Math.max(maxQueued, now?.queued ?? 0);
        return (await counterValue('gateway_messages_conflated_total')) > conflatedBefore;
      },
      120_000,
    );
    const frameBytes = 600;
    expect(maxBuffered).toBeLessThan(MAX_BUFFERED + frameBytes);
    expect(maxQueued).toBeLessThanOrEqual(MAX_QUEUED);

    // Seat counts of more modules than the queue holds: nothing to conflate them with.
    await publisher.seatsMany(
      Array.from({ length: MAX_QUEUED + 2 }, (_, n) => ({ moduleId: `${run}-m${n}`, available: 1 })),
    );
    await eventually('the gateway closing the client', () => backlog()?.closing ?? true);
    expect(backlog()?.queued ?? 0).toBe(0);

    (client.socket as unknown as { _socket: Socket })._socket.resume();
    expect((await client.closed).code).toBe(closeCodes.TRY_AGAIN_LATER);
    const hotEvents = client.events(`module:${hot}`).length;
    expect(hotEvents).toBeGreaterThan(0);
    expect(hotEvents).toBeLessThan(published);
  });
});

async function counterValue(name: string): Promise<number> {
  const metric = await register.getSingleMetric(name)?.get();
  return metric?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;
}
