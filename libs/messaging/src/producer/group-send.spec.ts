import type { OutboundMessage, ProducerPort } from '../kafka/kafka-client.port';
import { GroupSend } from './group-send';

const message = (value: string): OutboundMessage => ({ topic: 't', key: 'k', value, headers: {} });

/** A producer that records each request's values and refuses any request holding a 'refused' value. */
class RecordingProducer implements ProducerPort {
  readonly requests: string[][] = [];
  failNext = false;

  async send(messages: OutboundMessage[]): Promise<void> {
    const values = messages.map((m) => String(m.value));
    this.requests.push(values);
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('broker not available');
    }
    if (values.includes('refused')) throw new Error('record too large');
  }

  async close(): Promise<void> {}
}

describe(GroupSend.name, () => {
  it('sends a lone call at once, and every call made meanwhile in the next request, in call order', async () => {
    const producer = new RecordingProducer();
    const sends = new GroupSend(producer);

    await Promise.all([
      sends.send([message('a')]),
      sends.send([message('b'), message('c')]),
      sends.send([message('d')]),
    ]);

    expect(producer.requests).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('starts a new request past maxMessages, never splitting one call', async () => {
    const producer = new RecordingProducer();
    const sends = new GroupSend(producer, 3);

    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((value) => sends.send([message(value)])));

    expect(producer.requests).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('fails only the call whose message the broker refuses; the others go again alone', async () => {
    const producer = new RecordingProducer();
    const sends = new GroupSend(producer);

    const results = await Promise.allSettled(
      ['a', 'b', 'refused', 'c'].map((value) => sends.send([message(value)])),
    );

    expect(results.map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('record too large'));
    expect(producer.requests).toEqual([['a'], ['b', 'refused', 'c'], ['b'], ['refused'], ['c']]);
  });

  it('rejects a lone call whose request fails, and serves the next call afterwards', async () => {
    const producer = new RecordingProducer();
    const sends = new GroupSend(producer);
    producer.failNext = true;

    await expect(sends.send([message('a')])).rejects.toThrow('broker not available');
    await expect(sends.send([message('b')])).resolves.toBeUndefined();
    await expect(sends.send([])).resolves.toBeUndefined();
    expect(producer.requests).toEqual([['a'], ['b']]);
  });
});
