import type { InboundMessage, TopicPartition } from './kafka-client.port';
import { PartitionDispatcher } from './partition-dispatcher';

const p0: TopicPartition = { topic: 'inventory.events', partition: 0 };
const p1: TopicPartition = { topic: 'inventory.events', partition: 1 };

function message(partition: TopicPartition, offset: number): InboundMessage {
  return { ...partition, offset: String(offset), key: null, value: null, headers: {}, timestamp: 0 };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A listener whose onMessages calls stay pending until the test settles them. */
class ScriptedListener {
  readonly calls: { partition: number; offsets: string[]; settle: (error?: Error) => void }[] = [];

  onMessages = (partition: TopicPartition, messages: InboundMessage[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.calls.push({
        partition: partition.partition,
        offsets: messages.map(({ offset }) => offset),
        settle: (error) => (error ? reject(error) : resolve()),
      });
    });

  offsetsOf(partition: number): string[][] {
    return this.calls.filter((call) => call.partition === partition).map(({ offsets }) => offsets);
  }
}

describe(PartitionDispatcher.name, () => {
  function setUp(options: ConstructorParameters<typeof PartitionDispatcher>[1] = {}) {
    const listener = new ScriptedListener();
    const fetchable: string[] = [];
    const dispatcher = new PartitionDispatcher(listener, {
      onFetchableChange: (partition, value) => fetchable.push(`${partition.partition}:${value}`),
      ...options,
    });
    dispatcher.assign([p0, p1]);
    dispatcher.announce([p0, p1]);
    return { listener, dispatcher, fetchable };
  }

  it("hands a partition's messages pushed together as one batch, in offset order", async () => {
    const { listener, dispatcher } = setUp();
    dispatcher.push(p0, [message(p0, 0)]);
    dispatcher.push(p0, [message(p0, 1), message(p0, 2)]);
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0', '1', '2']]);
  });

  it('hands nothing more of a partition until its previous batch settled, while other partitions go on', async () => {
    const { listener, dispatcher, fetchable } = setUp();
    dispatcher.push(p0, [message(p0, 0)]);
    await settle();
    dispatcher.push(p0, [message(p0, 1)]);
    dispatcher.push(p1, [message(p1, 0)]);
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0']]);
    expect(listener.offsetsOf(1)).toEqual([['0']]);
    expect(dispatcher.buffered).toBe(1);

    listener.calls[0]!.settle();
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0'], ['1']]);
    expect(dispatcher.buffered).toBe(0);
    expect(fetchable).toEqual(['0:false', '1:false']);
  });

  it('reports a partition fetchable again once the listener settled everything of it', async () => {
    const { listener, dispatcher, fetchable } = setUp();
    dispatcher.push(p0, [message(p0, 0)]);
    await settle();
    listener.calls[0]!.settle();
    await settle();
    expect(fetchable).toEqual(['0:false', '0:true']);
  });

  it('holds a paused partition, and hands its messages over on resume', async () => {
    const { listener, dispatcher, fetchable } = setUp();
    dispatcher.pause([p0]);
    dispatcher.push(p0, [message(p0, 0)]);
    await settle();
    expect(listener.calls).toEqual([]);
    expect(dispatcher.isPaused(p0)).toBe(true);

    dispatcher.resume([p0]);
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0']]);
    expect(fetchable).toEqual(['0:false']);
  });

  it('drops messages below the partition position, as a client re-reading from the committed offset sends them', async () => {
    const { listener, dispatcher } = setUp();
    dispatcher.push(p0, [message(p0, 0), message(p0, 1)]);
    await settle();
    listener.calls[0]!.settle();
    dispatcher.push(p0, [message(p0, 0), message(p0, 1), message(p0, 2)]);
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0', '1'], ['2']]);
  });

  it('keeps messages of an assigned partition until it is announced', async () => {
    const { listener, dispatcher } = setUp();
    const p2 = { topic: 'inventory.events', partition: 2 };
    dispatcher.assign([p2]);
    dispatcher.push(p2, [message(p2, 0)]);
    await settle();
    expect(listener.offsetsOf(2)).toEqual([]);

    dispatcher.announce([p2]);
    await settle();
    expect(listener.offsetsOf(2)).toEqual([['0']]);
  });

  it('refuses messages of partitions it does not own, and forgets revoked ones with their waiting messages', async () => {
    const { listener, dispatcher, fetchable } = setUp();
    dispatcher.push(p0, [message(p0, 0)]);
    await settle();
    dispatcher.push(p0, [message(p0, 1)]);
    dispatcher.revoke([p0]);
    expect(dispatcher.buffered).toBe(0);
    expect(fetchable).toEqual(['0:false', '0:true']);
    expect(dispatcher.push(p0, [message(p0, 2)])).toBe(false);

    listener.calls[0]!.settle();
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0']]);
  });

  it('hands a rejected batch again after the retry delay, and reports the failure', async () => {
    const failures: number[] = [];
    const { listener, dispatcher } = setUp({
      retryDelayMs: () => 1,
      onDeliveryFailed: (_partition, _error, attempt) => failures.push(attempt),
    });
    dispatcher.push(p0, [message(p0, 0)]);
    await settle();
    listener.calls[0]!.settle(new Error('handler bug'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(listener.offsetsOf(0)).toEqual([['0'], ['0']]);
    expect(failures).toEqual([1]);
  });

  it('caps a batch at maxBatchSize', async () => {
    const { listener, dispatcher } = setUp({ maxBatchSize: 2 });
    dispatcher.push(
      p0,
      [0, 1, 2].map((offset) => message(p0, offset)),
    );
    await settle();
    listener.calls[0]!.settle();
    await settle();
    expect(listener.offsetsOf(0)).toEqual([['0', '1'], ['2']]);
  });

  it('hands nothing over once stopped', async () => {
    const { listener, dispatcher } = setUp();
    dispatcher.push(p0, [message(p0, 0)]);
    dispatcher.stop();
    await settle();
    expect(listener.calls).toEqual([]);
    expect(dispatcher.push(p0, [message(p0, 1)])).toBe(false);
  });
});
