import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NonRetriableError, RetriableError } from '../src/consumer/consumer-errors';
import type { DecodedMessage } from '../src/envelope/incoming-message';
import { kafkaClientKinds } from '../src/kafka-client.factory';
import { eventually } from '@platform/testing';
import { headerText, RuntimeHarness, seqOf } from './support/runtime-harness';

// The key-ordered consumer on the real broker, once per Kafka client adapter.
jest.setTimeout(120_000);

describe.each(kafkaClientKinds)('the key-ordered consumer on %s', (kind) => {
  const harness = new RuntimeHarness(kind);
  const group = (name: string) => `${harness.topic}.${name}-${randomUUID().slice(0, 4)}`;

  beforeAll(() => harness.open(10));
  afterEach(() => harness.stopConsumers());
  afterAll(() => harness.close());

  it('keeps per-key order while different keys run in parallel', async () => {
    const keys = Array.from({ length: 60 }, (_, n) => `module-${n}`);
    const commands = Array.from({ length: 1200 }, (_, seq) => ({ moduleId: keys[seq % keys.length]!, seq }));
    await harness.produce(commands);

    const seenByKey = new Map<string, number[]>();
    let running = 0;
    let mostAtOnce = 0;
    await harness.startConsumer(group('order'), async (decoded: DecodedMessage) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await sleep(Math.random() * 4);
      const moduleId = (decoded.data as { moduleId: string }).moduleId;
      seenByKey.set(moduleId, [...(seenByKey.get(moduleId) ?? []), seqOf(decoded)]);
      running -= 1;
    });

    await eventually('every command handled', () =>
      [...seenByKey.values()].reduce((sum, seqs) => sum + seqs.length, 0) >= commands.length
        ? true
        : undefined,
    );
    for (const key of keys) {
      const expected = commands.filter((c) => c.moduleId === key).map((c) => c.seq);
      expect(seenByKey.get(key)).toEqual(expected);
    }
    expect(mostAtOnce).toBeGreaterThan(1);
  });

  it('dead-letters poison at once, with its cause, and handles what follows in the partition', async () => {
    const moduleId = 'module-poison';
    const valid = (seq: number) => harness.commandMessage({ moduleId, seq });
    const notJson = { ...valid(2), value: '{not json' };
    const wrongSchema = { ...valid(3), value: JSON.stringify({ moduleId, registrationId: 7 }) };
    const unknownType = {
      ...valid(4),
      headers: {
        ...valid(4).headers,
        ce_type: 'SeatTeleported',
        ce_dataschema: 'urn:course-platform:schema:SeatTeleported:1',
      },
    };
    await harness.produceRaw([valid(1), notJson, wrongSchema, unknownType, valid(5)]);

    const handled: number[] = [];
    const groupId = group('poison');
    await harness.startConsumer(groupId, async (decoded) => {
      if ((decoded.data as { moduleId: string }).moduleId === moduleId) handled.push(seqOf(decoded));
    });

    await eventually('the valid commands', () => (handled.length >= 2 ? true : undefined));
    expect(handled).toEqual([1, 5]);
    const dead = await eventually('three dead letters', async () => {
      const parked = (await harness.deadLetters(groupId)).filter((m) => m.key?.toString() === moduleId);
      return parked.length >= 3 ? parked : undefined;
    });
    expect(dead).toHaveLength(3);
    expect(dead.map((m) => headerText(m, 'dlq_error'))).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/INVALID_DATA/),
      expect.stringMatching(/UNKNOWN_TYPE/),
    ]);
    for (const message of dead) {
      expect(headerText(message, 'dlq_reason')).toBe('poison');
      expect(headerText(message, 'dlq_attempts')).toBe('0');
      expect(headerText(message, 'dlq_original_topic')).toBe(harness.topic);
      expect(headerText(message, 'dlq_original_offset')).toMatch(/^\d+$/);
      expect(headerText(message, 'ce_id')).toBeDefined();
    }
    expect(dead[0]?.value?.toString()).toBe('{not json');
  });

  it('retries a handler that fails twice, and dead-letters one that always fails after the attempts', async () => {
    const flaky = { moduleId: 'module-flaky', seq: 1 };
    const broken = { moduleId: 'module-broken', seq: 2 };
    const refused = { moduleId: 'module-refused', seq: 3 };
    await harness.produce([flaky, broken, refused]);

    const attempts = new Map<number, number>();
    const succeeded: number[] = [];
    const groupId = group('retry');
    await harness.startConsumer(groupId, async (decoded, { attempt }) => {
      const moduleId = (decoded.data as { moduleId: string }).moduleId;
      if (moduleId === flaky.moduleId) {
        attempts.set(flaky.seq, attempt);
        if (attempt < 3) throw new RetriableError('database busy');
        succeeded.push(flaky.seq);
      } else if (moduleId === broken.moduleId) {
        attempts.set(broken.seq, attempt);
        throw new RetriableError('still busy');
      } else if (moduleId === refused.moduleId) {
        throw new NonRetriableError('module closed');
      }
    });

    await eventually('the flaky command', () => (succeeded.includes(1) ? true : undefined));
    expect(attempts.get(1)).toBe(3);
    const dead = await eventually('two dead letters', async () => {
      const all = (await harness.deadLetters(groupId)).filter((m) =>
        ['module-broken', 'module-refused'].includes(m.key?.toString() ?? ''),
      );
      return all.length >= 2 ? all : undefined;
    });
    const byKey = Object.fromEntries(dead.map((m) => [m.key?.toString(), m]));
    expect(headerText(byKey['module-broken']!, 'dlq_reason')).toBe('retries-exhausted');
    expect(headerText(byKey['module-broken']!, 'dlq_attempts')).toBe('3');
    expect(headerText(byKey['module-broken']!, 'dlq_error')).toBe('still busy');
    expect(headerText(byKey['module-refused']!, 'dlq_reason')).toBe('non-retriable');
    expect(headerText(byKey['module-refused']!, 'dlq_attempts')).toBe('1');
    expect(attempts.get(2)).toBe(3);
  });

  it('splits partitions between two instances of a group, and the survivor takes over without loss', async () => {
    const groupId = group('pair');
    const first = Array.from({ length: 400 }, (_, seq) => ({ moduleId: `module-${seq % 40}`, seq }));
    await harness.produce(first);

    const seen = new Set<number>();
    const byInstance = { a: new Set<number>(), b: new Set<number>() };
    const handler =
      (name: 'a' | 'b') =>
      async (decoded: DecodedMessage, { message }: { message: { partition: number } }) => {
        byInstance[name].add(message.partition);
        seen.add(seqOf(decoded));
      };
    const a = await harness.startConsumer(groupId, handler('a'));
    await harness.startConsumer(groupId, handler('b'));

    await eventually('the first batch', () => (seen.size >= first.length ? true : undefined), 60_000);
    const second = Array.from({ length: 400 }, (_, n) => ({ moduleId: `module-${n % 40}`, seq: 1000 + n }));
    await harness.produce(second);
    await eventually(
      'both instances at work',
      () => (byInstance.a.size > 0 && byInstance.b.size > 0 ? true : undefined),
      60_000,
    );

    await a.stop();
    const third = Array.from({ length: 400 }, (_, n) => ({ moduleId: `module-${n % 40}`, seq: 2000 + n }));
    await harness.produce(third);

    await eventually(
      'every command after the stop',
      () => ([...first, ...second, ...third].every((c) => seen.has(c.seq)) ? true : undefined),
      90_000,
    );
  });
});
