import { randomUUID } from 'node:crypto';
import { closeCodes } from '@platform/contracts';
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

// Two gateway instances in process, each in its own consumer group: any instance serves any channel.
jest.setTimeout(120_000);

describe('two gateway instances', () => {
  const run = `SO${randomUUID().slice(0, 6)}`;
  const instances: RunningGateway[] = [];
  const clients: TestClient[] = [];
  let publisher: Publisher;

  afterAll(async () => {
    for (const client of clients) client.close();
    await publisher?.close();
    for (const instance of instances) await instance.app.close();
  });

  it('each deliver the same seat change to their client', async () => {
    const keys = await generatePemKeyPair();
    instances.push(await startGateway(keys, { GATEWAY_INSTANCE_ID: `${run}-a` }));
    instances.push(await startGateway(keys, { GATEWAY_INSTANCE_ID: `${run}-b` }));
    publisher = await Publisher.create();
    const sessions = new TestSessions(await tokenIssuer(keys), publisher);
    const moduleId = `${run}-shared`;

    for (const instance of instances) {
      const { token } = await sessions.signIn();
      const client = TestClient.connect(instance.url, token);
      clients.push(client);
      await client.ready();
      expect(
        await client.request({ op: 'subscribe', id: 's', channel: `modules:${moduleId}` }),
      ).toMatchObject({ type: 'ack' });
      await eventually('the snapshot', () => client.of('snapshot')[0]);
    }

    await publisher.seats(moduleId, 3);
    const [a, b] = await Promise.all(
      clients.map((client) => eventually('the seat change', () => client.events(`module:${moduleId}`)[0])),
    );
    expect(a!.event.data['available']).toBe(3);
    expect(b).toEqual(a);
  });

  it('closes its sockets with 1001 when an instance shuts down, and the other keeps serving', async () => {
    const [first, second] = clients;
    await instances.shift()!.app.close();
    expect((await first!.closed).code).toBe(closeCodes.GOING_AWAY);
    expect(second!.socket.readyState).toBe(second!.socket.OPEN);
  });
});
