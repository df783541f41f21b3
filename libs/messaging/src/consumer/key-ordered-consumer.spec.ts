import type { InboundMessage, TopicPartition } from '../kafka/kafka-client.port';
import {
  DependencyUnavailableError,
  NonRetriableError,
  PoisonMessageError,
  RetriableError,
} from './consumer-errors';
import type { ConsumerObserver } from './consumer-observer';
import type { KeyOrderedConsumerOptions } from './consumer-options';
import { KeyOrderedConsumer } from './key-ordered-consumer';
import type { MessageContext } from './message-runner';
import {
  InMemoryConsumerPort,
  InMemoryProducerPort,
  ManualClock,
  flushPromises,
  inboundMessage,
  type InMemoryConsumerPortOptions,
} from './testing';

interface Command {
  id: string;
}

const partition: TopicPartition = { topic: 'test.events', partition: 0 };
const startedAt = Date.parse('2026-11-25T10:00:00.000Z');

function message(offset: number, key: string | null, value?: string): InboundMessage {
  return inboundMessage({
    ...partition,
    offset,
    key,
    value: value ?? JSON.stringify({ id: `m${offset}` }),
    headers: { ce_type: 'TestEvent' },
  });
}

function decode(raw: InboundMessage): Command {
  const parsed: unknown = JSON.parse(raw.value?.toString() ?? '');
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed) || typeof parsed.id !== 'string') {
    throw new PoisonMessageError('no id');
  }
  return { id: parsed.id };
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Process = (command: Command, context: MessageContext) => Promise<void>;

type SetupOptions = Partial<KeyOrderedConsumerOptions<Command>> & {
  process?: Process;
  onCommit?: InMemoryConsumerPortOptions['onCommit'];
};

function setup({ onCommit, ...options }: SetupOptions = {}) {
  const clock = new ManualClock(startedAt);
  const port = new InMemoryConsumerPort({ onCommit });
  const producer = new InMemoryProducerPort();
  const calls: { id: string; attempt: number; at: number }[] = [];
  const process = options.process ?? (async () => undefined);
  const consumer = new KeyOrderedConsumer<Command>({
    port,
    deadLetterProducer: producer,
    groupId: 'test-group',
    deadLetterTopic: 'test.events.dlq',
    decode,
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    random: () => 0.5,
    commitIntervalMs: 1000,
    drainTimeoutMs: 5000,
    clock,
    ...options,
    process: (command, context) => {
      calls.push({ id: command.id, attempt: context.attempt, at: clock.now() - startedAt });
      return process(command, context);
    },
  });
  const started = async (): Promise<void> => {
    await consumer.start();
    port.assign([partition]);
  };
  const committed = (): string | undefined => port.committedOffset(partition);
  const ids = (): string[] => calls.map((call) => call.id);
  return { clock, port, producer, consumer, calls, ids, started, committed };
}

describe(KeyOrderedConsumer.name, () => {
  describe('retries', () => {
    it('retries a message that fails twice, then succeeds, with jittered exponential backoff', async () => {
      const { clock, port, producer, calls, started, committed } = setup({
        process: async (_command, { attempt }) => {
          if (attempt < 3) throw new RetriableError('seat table locked');
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a')]);

      await clock.advanceBy(1000);
      // random() = 0.5: half of 100 ms after the first failure, half of 200 ms after the second.
      expect(calls).toEqual([
        { id: 'm0', attempt: 1, at: 0 },
        { id: 'm0', attempt: 2, at: 50 },
        { id: 'm0', attempt: 3, at: 150 },
      ]);
      expect(producer.sent).toEqual([]);
      expect(committed()).toBe('1');
    });

    it('dead-letters a message that keeps failing after maxAttempts, with its cause attached', async () => {
      const { clock, consumer, port, producer, calls, started } = setup({
        process: async () => {
          throw new Error('database unreachable');
        },
      });
      await started();
      const failing = message(0, 'a');
      await port.deliver(partition, [failing]);
      await clock.advanceBy(500);

      expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3]);
      expect(producer.sent).toEqual([
        {
          topic: 'test.events.dlq',
          key: 'a',
          value: failing.value,
          headers: {
            ce_type: 'TestEvent',
            dlq_error: 'database unreachable',
            dlq_error_class: 'Error',
            dlq_reason: 'retries-exhausted',
            dlq_attempts: '3',
            dlq_original_topic: 'test.events',
            dlq_original_partition: '0',
            dlq_original_offset: '0',
            dlq_failed_at: new Date(startedAt + 150).toISOString(),
            dlq_consumer_group: 'test-group',
          },
        },
      ]);
      await consumer.commit();
      expect(port.committedOffset(partition)).toBe('1');
    });

    it('retries through a dependency outage of any length and dead-letters nothing', async () => {
      let databaseUp = false;
      const { clock, port, producer, calls, started, committed } = setup({
        process: async () => {
          if (!databaseUp)
            throw new DependencyUnavailableError('postgres', new Error('Connection terminated unexpectedly'));
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a')]);

      await clock.advanceBy(60_000);
      expect(calls.length).toBeGreaterThan(3);
      expect(producer.sent).toEqual([]);
      expect(committed()).toBeUndefined();

      databaseUp = true;
      await clock.advanceBy(5_000);
      expect(producer.sent).toEqual([]);
      await clock.advanceBy(1_000);
      expect(committed()).toBe('1');
    });

    it('dead-letters a non-retriable failure after one attempt', async () => {
      const { clock, port, producer, calls, started } = setup({
        process: async () => {
          throw new NonRetriableError('registration already cancelled');
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a')]);
      await clock.advanceBy(1000);

      expect(calls).toHaveLength(1);
      expect(producer.sent[0]?.headers).toMatchObject({
        dlq_reason: 'non-retriable',
        dlq_attempts: '1',
        dlq_error_class: 'NonRetriableError',
      });
    });

    it('treats a handler that throws synchronously like one that rejects', async () => {
      const { clock, port, calls, started } = setup({
        process: (_command, { attempt }) => {
          if (attempt === 1) throw new Error('thrown before any await');
          return Promise.resolve();
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a')]);
      await clock.advanceBy(1000);

      expect(calls.map((call) => call.attempt)).toEqual([1, 2]);
      expect(port.committedOffset(partition)).toBe('1');
    });

    it('keeps sending a dead letter the broker refused, and completes the offset only once it is taken', async () => {
      const failedSends: number[] = [];
      const { clock, consumer, port, producer, started } = setup({
        process: async () => {
          throw new NonRetriableError('bad');
        },
        observer: { onDeadLetterSendFailed: ({ sendAttempt }) => failedSends.push(sendAttempt) },
      });
      producer.failNextSends(2);
      await started();
      await port.deliver(partition, [message(0, 'a')]);
      await flushPromises();
      await consumer.commit();
      expect(producer.sent).toEqual([]);
      expect(port.commits).toEqual([]);

      await clock.advanceBy(1000);
      expect(failedSends).toEqual([1, 2]);
      expect(producer.sent).toHaveLength(1);
      expect(port.committedOffset(partition)).toBe('1');
    });
  });

  describe('poison messages', () => {
    it('dead-letters a poison message without running the handler, and handles the messages behind it', async () => {
      const { consumer, port, producer, ids, started } = setup();
      await started();
      await port.deliver(partition, [message(0, 'a', 'not json'), message(1, 'a'), message(2, 'b')]);
      await flushPromises();

      // m1 shares key a with the poison message, so it starts once that one is dead-lettered.
      expect(ids()).toEqual(['m2', 'm1']);
      expect(producer.sent).toHaveLength(1);
      expect(producer.sent[0]?.value).toEqual(Buffer.from('not json'));
      expect(producer.sent[0]?.headers).toMatchObject({
        dlq_reason: 'poison',
        dlq_attempts: '0',
        dlq_error_class: 'SyntaxError',
        dlq_original_offset: '0',
      });
      await consumer.commit();
      expect(port.committedOffset(partition)).toBe('3');
    });
  });

  describe('ordering', () => {
    it('runs one key’s messages strictly in order while other keys run alongside', async () => {
      const first = deferred();
      const { port, ids, started } = setup({
        process: ({ id }) => (id === 'm0' ? first.promise : Promise.resolve()),
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'a'), message(2, 'b'), message(3, null)]);
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm2', 'm3']);

      first.resolve();
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm2', 'm3', 'm1']);
    });

    it('keeps messages without a key in one lane, in order', async () => {
      const first = deferred();
      const { port, ids, started } = setup({
        process: ({ id }) => (id === 'm0' ? first.promise : Promise.resolve()),
      });
      await started();
      await port.deliver(partition, [message(0, null), message(1, null), message(2, 'a')]);
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm2']);

      first.resolve();
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm2', 'm1']);
    });

    it('does not delay key B while key A waits to retry, and commits nothing past A meanwhile', async () => {
      const { clock, consumer, port, calls, started } = setup({
        process: async ({ id }, { attempt }) => {
          if (id === 'm0' && attempt === 1) throw new RetriableError('busy');
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'b'), message(2, 'b')]);
      await flushPromises();

      expect(calls).toEqual([
        { id: 'm0', attempt: 1, at: 0 },
        { id: 'm1', attempt: 1, at: 0 },
        { id: 'm2', attempt: 1, at: 0 },
      ]);
      await consumer.commit();
      expect(port.commits).toEqual([]);

      await clock.advanceBy(50);
      expect(calls.at(-1)).toEqual({ id: 'm0', attempt: 2, at: 50 });
      await consumer.commit();
      expect(port.committedOffset(partition)).toBe('3');
    });
  });

  describe('backpressure', () => {
    it('pauses at the high-water mark and resumes once the buffer drains to the low-water mark', async () => {
      const handlers = new Map<string, Deferred>();
      const { port, started } = setup({
        limits: { maxBufferedPerPartition: 3, resumeBufferedPerPartition: 1 },
        process: ({ id }) => {
          const handler = deferred();
          handlers.set(id, handler);
          return handler.promise;
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      expect(port.isPaused(partition)).toBe(false);
      await port.deliver(partition, [message(2, 'c')]);
      expect(port.isPaused(partition)).toBe(true);

      // Done out of order: offset 0 still holds the commit point, so three stay buffered.
      handlers.get('m2')?.resolve();
      await flushPromises();
      expect(port.isPaused(partition)).toBe(true);

      handlers.get('m0')?.resolve();
      await flushPromises();
      expect(port.isPaused(partition)).toBe(true);

      handlers.get('m1')?.resolve();
      await flushPromises();
      expect(port.isPaused(partition)).toBe(false);
      expect(port.pauses).toEqual([partition]);
      expect(port.resumes).toEqual([partition]);
    });

    it('never runs more than maxInFlight handlers at once across partitions', async () => {
      const handlers: Deferred[] = [];
      const other: TopicPartition = { topic: 'test.events', partition: 1 };
      const { port, ids, started } = setup({
        limits: { maxInFlight: 2 },
        process: () => {
          const handler = deferred();
          handlers.push(handler);
          return handler.promise;
        },
      });
      await started();
      port.assign([other]);
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      await port.deliver(other, [inboundMessage({ ...other, offset: 0, key: 'c', value: '{"id":"c0"}' })]);
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm1']);

      handlers[0]?.resolve();
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm1', 'c0']);
    });
  });

  describe('commits', () => {
    it('commits on the interval, skips a commit when nothing moved, and retries a failed one', async () => {
      const failures: unknown[] = [];
      const { clock, port, started } = setup({
        observer: { onCommitFailed: ({ error }) => failures.push(error) },
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      await flushPromises();
      expect(port.commits).toEqual([]);

      await clock.advanceBy(1000);
      expect(port.commits).toEqual([[{ ...partition, offset: '2' }]]);
      await clock.advanceBy(1000);
      expect(port.commits).toHaveLength(1);

      port.failNextCommit();
      await port.deliver(partition, [message(2, 'a')]);
      await clock.advanceBy(1000);
      expect(failures).toHaveLength(1);
      expect(port.commits).toHaveLength(1);
      await clock.advanceBy(1000);
      expect(port.commits).toEqual([[{ ...partition, offset: '2' }], [{ ...partition, offset: '3' }]]);
    });

    it('ignores a redelivery of offsets it already holds', async () => {
      const { port, ids, started } = setup();
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'a')]);
      await port.deliver(partition, [message(0, 'a'), message(1, 'a'), message(2, 'a')]);
      await flushPromises();
      expect(ids()).toEqual(['m0', 'm1', 'm2']);
    });

    it('ignores messages of a partition it was never assigned', async () => {
      const ignored: unknown[] = [];
      const { port, ids, started } = setup({ observer: { onIgnored: (event) => ignored.push(event) } });
      await started();
      const stray: TopicPartition = { topic: 'test.events', partition: 7 };
      await port.deliver(stray, [inboundMessage({ ...stray, offset: 0, key: 'a' })]);
      await flushPromises();
      expect(ids()).toEqual([]);
      expect(ignored).toEqual([{ partition: stray, count: 1, reason: 'not-owned' }]);
    });
  });

  describe('rebalance and stop', () => {
    it('reports each partition it comes to own once, not again while it keeps it', async () => {
      const assigned: unknown[] = [];
      const { port, started } = setup({ observer: { onAssigned: (event) => assigned.push(event) } });
      await started();
      const other: TopicPartition = { topic: 'test.events', partition: 1 };
      port.assign([partition, other]);

      expect(assigned).toEqual([{ partition }, { partition: other }]);
    });

    it('on revocation waits for running handlers, commits, and drops what had not started', async () => {
      const first = deferred();
      const released: unknown[] = [];
      const { port, ids, started } = setup({
        process: ({ id }) => (id === 'm0' ? first.promise : Promise.resolve()),
        observer: { onReleased: (event) => released.push(event) },
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'a'), message(2, 'b')]);
      await flushPromises();

      let revoked = false;
      const revoking = port.revoke([partition]).then(() => (revoked = true));
      await port.deliver(partition, [message(3, 'c')]);
      await flushPromises();
      expect(revoked).toBe(false);

      first.resolve();
      await revoking;
      expect(ids()).toEqual(['m0', 'm2']);
      expect(port.commits).toEqual([[{ ...partition, offset: '1' }]]);
      expect(released).toEqual([{ partition, unfinished: 1, drainTimedOut: false }]);
    });

    it('abandons a retry wait on revocation instead of waiting it out', async () => {
      const { clock, port, calls, started } = setup({
        retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000 },
        process: async () => {
          throw new RetriableError('busy');
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a')]);
      await flushPromises();

      await port.revoke([partition]);
      expect(clock.now()).toBe(startedAt);
      expect(calls).toHaveLength(1);
      expect(port.commits).toEqual([]);
    });

    it('gives up waiting at the drain timeout, and never commits a late result', async () => {
      const hung = deferred();
      const { clock, consumer, port, ids, started } = setup({
        process: ({ id }) => (id === 'm0' && ids().length === 1 ? hung.promise : Promise.resolve()),
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      await flushPromises();

      let revoked = false;
      const revoking = port.revoke([partition]).then(() => (revoked = true));
      await clock.advanceBy(4999);
      expect(revoked).toBe(false);
      await clock.advanceBy(1);
      await revoking;
      expect(port.commits).toEqual([]);

      // The partition comes back; the hung handler finally returns; the old result must not count.
      port.assign([partition]);
      hung.resolve();
      await flushPromises();
      await consumer.commit();
      expect(port.commits).toEqual([]);

      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      await flushPromises();
      await consumer.commit();
      expect(port.committedOffset(partition)).toBe('2');
    });

    it('does not count a late result that lands while the release commit waits behind another', async () => {
      const hung = deferred();
      const commitGate = deferred();
      const other: TopicPartition = { topic: 'test.events', partition: 1 };
      const { clock, consumer, port, started } = setup({
        process: ({ id }) => (id === 'm0' ? hung.promise : Promise.resolve()),
        onCommit: () => commitGate.promise,
      });
      await started();
      port.assign([other]);
      await port.deliver(other, [inboundMessage({ ...other, offset: 0, key: 'c', value: '{"id":"c0"}' })]);
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      await flushPromises();
      const slowCommit = consumer.commit();

      const revoking = port.revoke([partition]);
      await clock.advanceBy(5000);
      hung.resolve();
      await flushPromises();
      commitGate.resolve();
      await Promise.all([slowCommit, revoking]);

      expect(port.committedOffset(other)).toBe('1');
      expect(port.committedOffset(partition)).toBeUndefined();
    });

    it('resumes a partition revoked while paused, so no pause outlives its ownership', async () => {
      const { clock, port, started } = setup({
        limits: { maxBufferedPerPartition: 2, resumeBufferedPerPartition: 0 },
        process: () => new Promise(() => undefined),
        drainTimeoutMs: 0,
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      expect(port.isPaused(partition)).toBe(true);

      const revoking = port.revoke([partition]);
      await clock.advanceBy(0);
      await revoking;
      expect(port.isPaused(partition)).toBe(false);
    });

    it('stop drains, commits, stops the port, and leaves no timer behind', async () => {
      const first = deferred();
      const { clock, consumer, port, started } = setup({
        process: ({ id }) => (id === 'm0' ? first.promise : Promise.resolve()),
      });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'b')]);
      await flushPromises();

      const stopping = consumer.stop();
      await flushPromises();
      expect(port.stopped).toBe(false);
      first.resolve();
      await stopping;

      expect(port.commits).toEqual([[{ ...partition, offset: '2' }]]);
      expect(port.stopped).toBe(true);
      expect(clock.pendingTimers).toBe(0);
      expect(consumer.stop()).toBe(stopping);
    });
  });

  describe('observer', () => {
    it('reports each handler run with its outcome and duration', async () => {
      const handled: unknown[] = [];
      const retries: unknown[] = [];
      const { clock, port, started } = setup({
        process: async (_command, { attempt }) => {
          await clock.sleep(30);
          if (attempt === 1) throw new RetriableError('busy');
        },
        observer: {
          onHandled: ({ attempt, outcome, durationMs }) => handled.push({ attempt, outcome, durationMs }),
          onRetryScheduled: ({ attempt, delayMs }) => retries.push({ attempt, delayMs }),
        },
      });
      await started();
      await port.deliver(partition, [message(0, 'a')]);
      await clock.advanceBy(1000);
      expect(handled).toEqual([
        { attempt: 1, outcome: 'failed', durationMs: 30 },
        { attempt: 2, outcome: 'succeeded', durationMs: 30 },
      ]);
      expect(retries).toEqual([{ attempt: 1, delayMs: 50 }]);
    });

    it('keeps working when the observer throws', async () => {
      const throwing = (): never => {
        throw new Error('metrics backend down');
      };
      const observer: ConsumerObserver = { onReceived: throwing, onHandled: throwing, onCommitted: throwing };
      const { consumer, port, ids, started } = setup({ observer });
      await started();
      await port.deliver(partition, [message(0, 'a'), message(1, 'a')]);
      await flushPromises();
      await consumer.commit();
      expect(ids()).toEqual(['m0', 'm1']);
      expect(port.committedOffset(partition)).toBe('2');
    });
  });

  describe('options', () => {
    it('names every bad option in one error', () => {
      expect(() =>
        setup({
          groupId: '',
          limits: { maxInFlight: 0, maxBufferedPerPartition: 10, resumeBufferedPerPartition: 10 },
          retry: { maxAttempts: 0, baseDelayMs: 500, maxDelayMs: 100 },
        }),
      ).toThrow(
        /groupId[\s\S]*limits\.maxInFlight[\s\S]*resumeBufferedPerPartition[\s\S]*retry\.maxAttempts[\s\S]*retry\.maxDelayMs/,
      );
    });

    it('starts once', async () => {
      const { consumer, started } = setup();
      await started();
      await expect(consumer.start()).rejects.toThrow(/starts once/);
    });
  });
});
