import { loadStackConfig } from '../src/stack.config';
import { Stack } from '../src/stack';
import { runStackCli } from './support/stack-cli';
import { OutboxChain } from './support/outbox-chain';

const stack = new Stack(loadStackConfig(), { step: () => undefined, info: () => undefined });
const connect = stack.components.find((component) => component.name === 'kafka-connect')!;
const managedHere = connect.leftovers().length > 0;

// Proves the smoke chain really depends on Kafka Connect: with the worker stopped nothing
// arrives, and once it is back the row that waited in the replication slot arrives, not lost.
(managedHere ? describe : describe.skip)('the outbox chain while Kafka Connect is down', () => {
  const chain = new OutboxChain();

  beforeAll(() => chain.open(), 60_000);
  afterAll(async () => {
    await connect.start();
    await chain.close();
  }, 180_000);

  it('delivers nothing while Connect is stopped, and the waiting row once it is back', async () => {
    const before = chain.newRow();
    await chain.insert(before);
    expect(await chain.waitForArrival(before.id, 30_000)).toBeDefined();

    await connect.stop();
    const during = chain.newRow();
    await chain.insert(during);
    expect(await chain.waitForArrival(during.id, 5_000)).toBeUndefined();

    expect(runStackCli('up').code).toBe(0);
    expect(await chain.waitForArrival(during.id, 60_000)).toBeDefined();
  }, 240_000);
});
