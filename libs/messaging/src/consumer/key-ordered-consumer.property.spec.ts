import fc from 'fast-check';
import type { InboundMessage, TopicPartition, TopicPartitionOffset } from '../kafka/kafka-client.port';
import { NonRetriableError, RetriableError } from './consumer-errors';
import { deadLetterHeaders } from './dead-letter';
import { KeyOrderedConsumer } from './key-ordered-consumer';
import {
  InMemoryConsumerPort,
  InMemoryProducerPort,
  ManualClock,
  flushPromises,
  inboundMessage,
} from './testing';

type AttemptResult = 'ok' | 'retriable' | 'non-retriable';

interface AttemptScript {
  delayMs: number;
  result: AttemptResult;
}

interface MessageScript {
  key: string | null;
  poison: boolean;
  /** Distance from the previous offset; above 1 leaves a gap as compaction does. */
  gap: number;
  /** What each handler run does; runs past the end succeed at once. */
  attempts: AttemptScript[];
}

interface Scenario {
  partitions: MessageScript[][];
  maxInFlight: number;
  maxBuffered: number;
  resumeBuffered: number;
  maxAttempts: number;
  batchSizes: number[];
  choices: number[];
  jitter: number[];
  deadLetterSends: { delayMs: number; fails: boolean }[];
}

const attemptScript = fc.record({
  delayMs: fc.integer({ min: 0, max: 40 }),
  result: fc.constantFrom<AttemptResult>('ok', 'ok', 'retriable', 'retriable', 'non-retriable'),
});

const messageScript = fc.record({
  key: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { freq: 6, nil: null }),
  poison: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  gap: fc.integer({ min: 1, max: 3 }),
  attempts: fc.array(attemptScript, { maxLength: 4 }),
});

const scenario: fc.Arbitrary<Scenario> = fc.integer({ min: 2, max: 8 }).chain((maxBuffered) =>
  fc.record({
    partitions: fc.array(fc.array(messageScript, { maxLength: 30, size: 'medium' }), {
      minLength: 1,
      maxLength: 3,
    }),
    maxInFlight: fc.integer({ min: 1, max: 4 }),
    maxBuffered: fc.constant(maxBuffered),
    resumeBuffered: fc.integer({ min: 0, max: maxBuffered - 1 }),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    batchSizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
    choices: fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
    jitter: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
      minLength: 1,
      maxLength: 8,
    }),
    // Ends with a success, so the dead-letter topic comes back: a send is retried forever, never dropped.
    deadLetterSends: fc
      .array(fc.record({ delayMs: fc.integer({ min: 0, max: 20 }), fails: fc.boolean() }), { maxLength: 7 })
      .map((sends) => [...sends, { delayMs: 5, fails: false }]),
  }),
);

const topic = 'test.events';

interface ScriptedMessage {
  message: InboundMessage;
  script: MessageScript;
}

type LogEntry =
  | { kind: 'start'; partition: number; offset: bigint; key: string | null; attempt: number }
  | { kind: 'dead-letter-send'; partition: number; offset: bigint }
  | {
      kind: 'final';
      partition: number;
      offset: bigint;
      key: string | null;
      via: 'processed' | 'dead-lettered';
    };

type ExpectedOutcome = { via: 'processed' | 'dead-lettered'; handlerRuns: number; reason?: string };

function expectedOutcome(script: MessageScript, maxAttempts: number): ExpectedOutcome {
  if (script.poison) return { via: 'dead-lettered', handlerRuns: 0, reason: 'poison' };
  for (let attempt = 1; ; attempt += 1) {
    const result = script.attempts[attempt - 1]?.result ?? 'ok';
    if (result === 'ok') return { via: 'processed', handlerRuns: attempt };
    if (result === 'non-retriable')
      return { via: 'dead-lettered', handlerRuns: attempt, reason: 'non-retriable' };
    if (attempt === maxAttempts)
      return { via: 'dead-lettered', handlerRuns: attempt, reason: 'retries-exhausted' };
  }
}

const cycle = <T>(values: T[], index: number): T => values[index % values.length] as T;

/**
 * One consumer over scripted partitions, with every effect recorded against the manual clock: which
 * handler runs started, when each message reached its outcome, what was committed, and whether any
 * commit went past an unfinished message.
 */
class Simulation {
  readonly clock = new ManualClock();
  readonly log: LogEntry[] = [];
  readonly violations: string[] = [];
  readonly partitions: { tp: TopicPartition; messages: ScriptedMessage[]; delivered: number }[];
  readonly port = new InMemoryConsumerPort({ onCommit: (offsets) => this.checkCommit(offsets) });
  readonly producer: InMemoryProducerPort;
  readonly consumer: KeyOrderedConsumer<{ partition: number; offset: bigint }>;
  readonly finished = new Map<string, number>();
  maxRunning = 0;
  private running = 0;
  private step = 0;
  private deadLetterSends = 0;
  private jitterDraws = 0;
  private readonly lastCommitted = new Map<number, bigint>();

  /** Partitions this member owns, as the group sees it; a commit for any other is a violation. */
  readonly owned = new Set<number>();

  constructor(
    readonly scenario: Scenario,
    private readonly options: { drainTimeoutMs: number; checkFlow: boolean } = {
      drainTimeoutMs: 1_000_000,
      checkFlow: true,
    },
  ) {
    this.partitions = scenario.partitions.map((scripts, partition) => {
      let offset = 0;
      const messages = scripts.map((script) => {
        offset += script.gap;
        const message = inboundMessage({
          topic,
          partition,
          offset,
          key: script.key,
          value: script.poison ? 'not json' : JSON.stringify({ partition, offset }),
        });
        return { message, script };
      });
      return { tp: { topic, partition }, messages, delivered: 0 };
    });

    this.producer = new InMemoryProducerPort({ beforeSend: (records) => this.sendDeadLetter(records) });
    this.consumer = new KeyOrderedConsumer({
      port: this.port,
      deadLetterProducer: this.producer,
      groupId: 'property-group',
      deadLetterTopic: 'test.events.dlq',
      decode: (raw) => {
        const { partition, offset } = JSON.parse(raw.value?.toString() ?? '') as {
          partition: number;
          offset: number;
        };
        return { partition, offset: BigInt(offset) };
      },
      process: (decoded, { attempt }) => this.process(decoded, attempt),
      limits: {
        maxInFlight: scenario.maxInFlight,
        maxBufferedPerPartition: scenario.maxBuffered,
        resumeBufferedPerPartition: scenario.resumeBuffered,
      },
      retry: { maxAttempts: scenario.maxAttempts, baseDelayMs: 10, maxDelayMs: 80 },
      random: () => cycle(scenario.jitter, this.jitterDraws++),
      commitIntervalMs: 25,
      drainTimeoutMs: options.drainTimeoutMs,
      clock: this.clock,
    });
  }

  async start(): Promise<void> {
    await this.consumer.start();
    for (const { tp } of this.partitions) this.owned.add(tp.partition);
    this.port.assign(this.partitions.map(({ tp }) => tp));
  }

  /** Takes the partition away, then gives it back to be read again from its committed offset. */
  async rebalance(partition: number): Promise<void> {
    const entry = this.partitions[partition];
    if (!entry) return;
    let revoked = false;
    void this.port.revoke([entry.tp]).then(() => (revoked = true));
    await this.waitFor(() => revoked);
    this.owned.delete(partition);

    const committed = this.port.committedOffset(entry.tp);
    const resumeAt = entry.messages.findIndex(
      ({ message }) => committed === undefined || BigInt(message.offset) >= BigInt(committed),
    );
    entry.delivered = resumeAt === -1 ? entry.messages.length : resumeAt;
    this.owned.add(partition);
    this.port.assign([entry.tp]);
  }

  get allFinished(): boolean {
    return this.partitions.every(({ messages }) => messages.every(({ message }) => this.isFinished(message)));
  }

  /** One move: deliver a batch to a partition that is not paused, or let time run to the next timer. */
  async advance(): Promise<void> {
    this.step += 1;
    if (this.step > 20_000) throw new Error('the simulation stalled');
    const choice = cycle(this.scenario.choices, this.step);
    const deliverable = this.partitions.filter(
      ({ tp, messages, delivered }) => delivered < messages.length && !this.port.isPaused(tp),
    );
    // The commit timer is always set; prefer delivering when it is the only one.
    if (deliverable.length > 0 && (choice % 4 !== 0 || this.clock.pendingTimers <= 1)) {
      const target = cycle(deliverable, choice);
      const size = cycle(this.scenario.batchSizes, this.step);
      const batch = target.messages
        .slice(target.delivered, target.delivered + size)
        .map(({ message }) => message);
      target.delivered += batch.length;
      await this.port.deliver(target.tp, batch);
    } else {
      await this.clock.advanceToNextTimer();
    }
    await flushPromises();
  }

  async runUntil(done: () => boolean): Promise<void> {
    await flushPromises();
    while (!done()) {
      this.checkFlowControl();
      await this.advance();
    }
    this.checkFlowControl();
  }

  async stop(): Promise<void> {
    let stopped = false;
    void this.consumer.stop().then(() => (stopped = true));
    await this.waitFor(() => stopped);
  }

  private async waitFor(done: () => boolean): Promise<void> {
    await flushPromises();
    while (!done()) {
      if (!(await this.clock.advanceToNextTimer())) throw new Error('waiting with no timer left to fire');
    }
  }

  /** Delivered messages not yet behind the first unfinished one: what the runtime may hold. */
  buffered(partition: number): number {
    const entry = this.partitions[partition];
    if (!entry) return 0;
    const delivered = entry.messages.slice(0, entry.delivered);
    const firstUnfinished = delivered.findIndex(({ message }) => !this.isFinished(message));
    return firstUnfinished === -1 ? 0 : delivered.length - firstUnfinished;
  }

  /** The offset just past the longest finished prefix of delivered messages. */
  contiguousCommitPoint(partition: number): string | undefined {
    const entry = this.partitions[partition];
    let point: string | undefined;
    for (const { message } of entry?.messages.slice(0, entry.delivered) ?? []) {
      if (!this.isFinished(message)) break;
      point = String(BigInt(message.offset) + 1n);
    }
    return point;
  }

  isFinished(message: InboundMessage): boolean {
    return this.finished.has(`${message.partition}:${message.offset}`);
  }

  scriptOf(partition: number, offset: bigint): MessageScript {
    const found = this.partitions[partition]?.messages.find(
      ({ message }) => BigInt(message.offset) === offset,
    );
    if (!found) throw new Error(`no message ${partition}:${offset}`);
    return found.script;
  }

  private async process(
    { partition, offset }: { partition: number; offset: bigint },
    attempt: number,
  ): Promise<void> {
    const script = this.scriptOf(partition, offset);
    this.log.push({ kind: 'start', partition, offset, key: script.key, attempt });
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const step = script.attempts[attempt - 1] ?? { delayMs: 0, result: 'ok' };
    await this.clock.sleep(step.delayMs);
    this.running -= 1;
    if (step.result === 'retriable') throw new RetriableError(`attempt ${attempt} failed`);
    if (step.result === 'non-retriable') throw new NonRetriableError(`attempt ${attempt} failed for good`);
    this.finish(partition, offset, script.key, 'processed');
  }

  private async sendDeadLetter(records: { headers: Record<string, string> }[]): Promise<void> {
    const send = cycle(this.scenario.deadLetterSends, this.deadLetterSends++);
    const targets = records.map(({ headers }) => ({
      partition: Number(headers[deadLetterHeaders.originalPartition]),
      offset: BigInt(headers[deadLetterHeaders.originalOffset] ?? -1),
    }));
    for (const { partition, offset } of targets)
      this.log.push({ kind: 'dead-letter-send', partition, offset });
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await this.clock.sleep(send.delayMs);
    this.running -= 1;
    if (send.fails) throw new Error('dead-letter topic unavailable');
    for (const { partition, offset } of targets) {
      this.finish(partition, offset, this.scriptOf(partition, offset).key, 'dead-lettered');
    }
  }

  private finish(
    partition: number,
    offset: bigint,
    key: string | null,
    via: 'processed' | 'dead-lettered',
  ): void {
    this.log.push({ kind: 'final', partition, offset, key, via });
    const id = `${partition}:${offset}`;
    this.finished.set(id, (this.finished.get(id) ?? 0) + 1);
  }

  private checkCommit(offsets: TopicPartitionOffset[]): void {
    for (const { partition, offset } of offsets) {
      if (!this.owned.has(partition)) this.violations.push(`partition ${partition}: commit while not owned`);
      const committed = BigInt(offset);
      const previous = this.lastCommitted.get(partition);
      if (previous !== undefined && committed <= previous) {
        this.violations.push(`partition ${partition}: commit ${committed} does not move past ${previous}`);
      }
      this.lastCommitted.set(partition, committed);
      const entry = this.partitions[partition];
      const delivered = entry?.messages.slice(0, entry.delivered) ?? [];
      const lastDelivered = delivered.at(-1);
      if (!lastDelivered || committed > BigInt(lastDelivered.message.offset) + 1n) {
        this.violations.push(`partition ${partition}: commit ${committed} is past every delivered message`);
      }
      for (const { message } of delivered) {
        if (BigInt(message.offset) < committed && !this.isFinished(message)) {
          this.violations.push(
            `partition ${partition}: commit ${committed} passes unfinished ${message.offset}`,
          );
        }
      }
    }
  }

  /** Checked whenever the runtime is quiet: paused exactly when the buffer calls for it. */
  private checkFlowControl(): void {
    if (!this.options.checkFlow) return;
    for (const { tp, messages } of this.partitions) {
      const buffered = this.buffered(tp.partition);
      const paused = this.port.isPaused(tp);
      const pauses = this.port.pauses.filter((p) => p.partition === tp.partition).length;
      const resumes = this.port.resumes.filter((p) => p.partition === tp.partition).length;
      if (!paused && buffered >= this.scenario.maxBuffered) {
        this.violations.push(`partition ${tp.partition}: ${buffered} buffered and not paused`);
      }
      if (paused && buffered <= this.scenario.resumeBuffered) {
        this.violations.push(`partition ${tp.partition}: drained to ${buffered} and still paused`);
      }
      if (pauses - resumes !== (paused ? 1 : 0)) {
        this.violations.push(`partition ${tp.partition}: ${pauses} pauses and ${resumes} resumes`);
      }
      if (buffered > this.scenario.maxBuffered - 1 + 5 && messages.length > 0) {
        this.violations.push(
          `partition ${tp.partition}: ${buffered} buffered, beyond one batch over the limit`,
        );
      }
    }
  }
}

/** Per key: offsets in increasing order, and no run of the next message before the previous one's outcome. */
function checkKeyOrder(simulation: Simulation): void {
  const lanes = new Map<string, LogEntry[]>();
  for (const entry of simulation.log) {
    if (entry.kind === 'dead-letter-send') continue;
    const lane = `${entry.partition}/${entry.key ?? '(null key)'}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), entry]);
  }
  for (const [lane, entries] of lanes) {
    let current: bigint | undefined;
    let currentFinished = true;
    for (const entry of entries) {
      if (entry.offset !== current) {
        expect({ lane, offset: entry.offset, previousFinished: currentFinished }).toEqual({
          lane,
          offset: entry.offset,
          previousFinished: true,
        });
        if (current !== undefined) expect(entry.offset > current).toBe(true);
        current = entry.offset;
        currentFinished = false;
      } else {
        expect({ lane, offset: entry.offset, afterOutcome: currentFinished }).toEqual({
          lane,
          offset: entry.offset,
          afterOutcome: false,
        });
      }
      if (entry.kind === 'final') currentFinished = true;
    }
  }
}

const runs = { numRuns: 100 };

describe(KeyOrderedConsumer.name, () => {
  describe('properties', () => {
    it('handles every message exactly once, in key order, within the limits, committing only what is done', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (scenario) => {
          const simulation = new Simulation(scenario);
          await simulation.start();
          await simulation.runUntil(() => simulation.allFinished);
          await simulation.stop();

          expect(simulation.violations).toEqual([]);
          expect(simulation.maxRunning).toBeLessThanOrEqual(scenario.maxInFlight);
          checkKeyOrder(simulation);

          for (const { tp, messages } of simulation.partitions) {
            for (const { message, script } of messages) {
              const offset = BigInt(message.offset);
              const expected = expectedOutcome(script, scenario.maxAttempts);
              const mine = simulation.log.filter(
                (entry) => entry.partition === tp.partition && entry.offset === offset,
              );
              const runsOfHandler = mine.filter((entry) => entry.kind === 'start');
              const outcomes = mine.filter((entry) => entry.kind === 'final');
              expect({
                offset,
                runs: runsOfHandler.length,
                outcomes: outcomes.map((entry) => entry.via),
              }).toEqual({
                offset,
                runs: expected.handlerRuns,
                outcomes: [expected.via],
              });
              if (expected.via === 'dead-lettered') {
                const records = simulation.producer.sent.filter(
                  ({ headers }) =>
                    headers[deadLetterHeaders.originalPartition] === String(tp.partition) &&
                    headers[deadLetterHeaders.originalOffset] === message.offset,
                );
                expect(records.map(({ headers }) => [headers.dlq_reason, headers.dlq_attempts])).toEqual([
                  [expected.reason, String(expected.handlerRuns)],
                ]);
              }
            }
            const last = messages.at(-1);
            expect(simulation.port.committedOffset(tp)).toBe(
              last ? String(BigInt(last.message.offset) + 1n) : undefined,
            );
          }
          expect(simulation.port.stopped).toBe(true);
          expect(simulation.port.isPaused(simulation.partitions[0]?.tp ?? { topic, partition: 0 })).toBe(
            false,
          );
        }),
        runs,
      );
    });

    it('across rebalances at any moment, finishes every message at least once and commits only as owner', async () => {
      const rebalances = fc.array(fc.record({ afterMoves: fc.nat(40), partition: fc.nat(2) }), {
        minLength: 1,
        maxLength: 3,
      });
      const drainTimeoutMs = fc.integer({ min: 0, max: 40 });
      await fc.assert(
        fc.asyncProperty(
          scenario,
          rebalances,
          drainTimeoutMs,
          async (scenario, rebalances, drainTimeoutMs) => {
            // Flow control is checked by the other properties; redelivery makes its expected buffer ambiguous.
            const simulation = new Simulation(scenario, { drainTimeoutMs, checkFlow: false });
            await simulation.start();
            const pending = [...rebalances].sort((a, b) => a.afterMoves - b.afterMoves);
            let moves = 0;
            const committedToEnd = (): boolean =>
              simulation.partitions.every(({ tp, messages }) => {
                const last = messages.at(-1);
                return (
                  !last || simulation.port.committedOffset(tp) === String(BigInt(last.message.offset) + 1n)
                );
              });
            while (!(simulation.allFinished && committedToEnd())) {
              const due = pending[0];
              if (due && moves >= due.afterMoves) {
                pending.shift();
                await simulation.rebalance(due.partition);
              } else {
                await simulation.advance();
                moves += 1;
              }
            }
            await simulation.stop();

            expect(simulation.violations).toEqual([]);
            expect(simulation.maxRunning).toBeLessThanOrEqual(scenario.maxInFlight);
            expect(simulation.port.stopped).toBe(true);
          },
        ),
        runs,
      );
    });

    it('stopped at any moment, starts nothing new and commits exactly the finished prefix', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, fc.nat(60), async (scenario, stopAfter) => {
          const simulation = new Simulation(scenario);
          await simulation.start();
          let moves = 0;
          await simulation.runUntil(() => simulation.allFinished || moves++ >= stopAfter);
          const logBeforeStop = simulation.log.length;
          await simulation.stop();

          expect(simulation.violations).toEqual([]);
          const afterStop = simulation.log.slice(logBeforeStop);
          expect(afterStop.filter((entry) => entry.kind !== 'final')).toEqual([]);
          expect([...simulation.finished.values()].every((count) => count === 1)).toBe(true);
          checkKeyOrder(simulation);
          for (const { tp } of simulation.partitions) {
            expect(simulation.port.committedOffset(tp)).toBe(simulation.contiguousCommitPoint(tp.partition));
          }
          expect(simulation.port.stopped).toBe(true);
        }),
        runs,
      );
    });
  });
});
