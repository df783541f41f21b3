import { InMemoryConsumerPort } from '@platform/messaging';
import { UncommittedPort } from './uncommitted.port';

describe(UncommittedPort.name, () => {
  const p0 = { topic: 'session.events', partition: 0 };
  const p1 = { topic: 'session.events', partition: 1 };

  it('keeps commits in the process and resolves `reached` once every partition got there', async () => {
    const inner = new InMemoryConsumerPort();
    const port = new UncommittedPort(inner);
    let reached = false;
    const waiting = port.reached([
      { ...p0, offset: '5' },
      { ...p1, offset: '2' },
    ]);
    void waiting.then(() => (reached = true));

    await port.commit([{ ...p0, offset: '5' }]);
    await port.commit([{ ...p1, offset: '1' }]);
    await Promise.resolve();
    expect(reached).toBe(false);

    await port.commit([{ ...p1, offset: '3' }]);
    await waiting;
    expect(inner.commits).toEqual([]);
    await expect(port.reached([{ ...p0, offset: '4' }])).resolves.toBeUndefined();
  });
});
