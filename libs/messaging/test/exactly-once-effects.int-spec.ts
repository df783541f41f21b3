import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GroupNotStoppedError, executeReplay, planReplay } from '../src/replay/replay.planner';
import { kafkaClientKinds } from '../src/kafka-client.factory';
import { EffectsStore, PoisonEffectError } from './support/effects-store';
import { eventually } from '@platform/testing';
import { RuntimeHarness, effectOf, headerText, seqOf } from './support/runtime-harness';

// At-least-once delivery plus the inbox: every message's effect happens exactly once, through a
// consumer killed with SIGKILL, a poison message inside a group commit, and a replay, on the real
// broker and Postgres. Every effect goes through group commit, as the services' transactions do.
jest.setTimeout(180_000);

const repoRoot = resolve(__dirname, '../../..');

function startWorker(kind: string, topic: string, group: string): Promise<ChildProcess> {
  // tsx loaded into node itself (not the tsx CLI, which runs the script in a second process), so
  // SIGKILL reaches the consumer.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'libs/messaging/test/support/inbox-worker.ts', kind, topic, group],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_OPTIONS: '', TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
    },
  );
  return new Promise((resolveStart, reject) => {
    child.stdout!.once('data', () => resolveStart(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe.each(kafkaClientKinds)('effects exactly once on %s', (kind) => {
  const harness = new RuntimeHarness(kind);
  const store = new EffectsStore();
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    await harness.open(10);
    await store.prepare();
  });
  afterEach(() => harness.stopConsumers());
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await harness.close();
    await store.close();
  });

  it('applies every message once when a consumer is killed with SIGKILL mid-batch and restarted', async () => {
    const group = `${harness.topic}.crash-${randomUUID().slice(0, 4)}`;
    const commands = Array.from({ length: 600 }, (_, seq) => ({ moduleId: `module-${seq % 30}`, seq }));
    await harness.produce(commands);

    const first = await startWorker(kind, harness.topic, group);
    workers.push(first);
    await eventually(
      'some effects before the kill',
      async () => ((await store.effects(group)).total >= 150 ? true : undefined),
      90_000,
    );
    first.kill('SIGKILL');
    const appliedBeforeKill = (await store.effects(group)).total;

    workers.push(await startWorker(kind, harness.topic, group));
    const effects = await eventually(
      'every effect',
      async () => {
        const current = await store.effects(group);
        return current.distinct >= commands.length ? current : undefined;
      },
      120_000,
    );

    expect(effects.total).toBe(commands.length);
    expect(effects.seqs).toEqual(commands.map((c) => c.seq));
    // Nothing was committed before the kill, so the restart re-read what the first run applied,
    // and the inbox turned every one of those away.
    expect((await store.redeliveredSeqs(group)).length).toBeGreaterThanOrEqual(appliedBeforeKill);
    // The effects went in batches, and each module's in the order of its messages.
    expect((await store.commitsOf(group)).largest).toBeGreaterThan(1);
    for (const [moduleId, seqs] of await store.appliedOrderByModule(group)) {
      expect({ moduleId, seqs }).toEqual({ moduleId, seqs: [...seqs].sort((a, b) => a - b) });
    }
  });

  it('dead-letters a poison message from the middle of a group commit, and the rest of it commits once', async () => {
    const group = `${harness.topic}.poison-${randomUUID().slice(0, 4)}`;
    const commands = Array.from({ length: 400 }, (_, n) => ({
      moduleId: `module-${n % 40}`,
      seq: 30_000 + n,
    }));
    const isPoison = (seq: number) => seq % 25 === 12;
    await harness.produce(commands);
    const isolations: number[] = [];

    store.onTransactionEnd = (end) => {
      if (end.outcome === 'isolated') isolations.push(end.units);
    };
    // The topic also holds the other tests' commands (seqs below 30,000): this group skips them.
    await harness.startConsumer(group, async (decoded) => {
      const seq = seqOf(decoded);
      if (seq >= 30_000) await store.apply(group, effectOf(decoded), isPoison(seq));
    });
    const poisonSeqs = commands.map((c) => c.seq).filter(isPoison);
    const parked = await eventually('the poison dead-lettered', async () => {
      const letters = await harness.deadLetters(group);
      return letters.length >= poisonSeqs.length ? letters : undefined;
    });
    await eventually('every other effect', async () =>
      (await store.effects(group)).total >= commands.length - poisonSeqs.length ? true : undefined,
    );

    const effects = await store.effects(group);
    expect(effects.seqs).toEqual(commands.map((c) => c.seq).filter((seq) => !isPoison(seq)));
    const parkedSeqs = parked.map((letter) => seqOf({ data: JSON.parse(letter.value!.toString()) } as never));
    expect(parkedSeqs.sort()).toEqual(poisonSeqs);
    for (const letter of parked) {
      expect(headerText(letter, 'dlq_error')).toMatch(/is poison/);
      expect(headerText(letter, 'dlq_error_class')).toBe(PoisonEffectError.name);
    }
    // The poison shared transactions with others, which ran again alone and committed.
    expect(isolations.some((units) => units > 1)).toBe(true);
    expect(await store.redeliveredSeqs(group)).toEqual([]);
  });

  it('replays from a timestamp exactly the messages after it, and the inbox applies none twice', async () => {
    const group = `${harness.topic}.replay-${randomUUID().slice(0, 4)}`;
    const before = Array.from({ length: 100 }, (_, n) => ({ moduleId: `module-${n % 10}`, seq: 10_000 + n }));
    const after = Array.from({ length: 100 }, (_, n) => ({ moduleId: `module-${n % 10}`, seq: 20_000 + n }));
    await harness.produce(before);
    await sleep(1500);
    const replayFrom = Date.now();
    await sleep(1500);
    await harness.produce(after);

    const apply = async (decoded: Parameters<typeof seqOf>[0]) => {
      const seq = seqOf(decoded);
      if (seq >= 10_000 && seq < 30_000) await store.apply(group, effectOf(decoded));
    };
    const consumer = await harness.startConsumer(group, apply);
    await eventually(
      'both batches applied',
      async () => ((await store.effects(group)).distinct >= 200 ? true : undefined),
      60_000,
    );

    const admin = harness.adminPort();
    await consumer.stop();
    await eventually('the group to be empty', async () =>
      (await admin.describeGroup(group)).members === 0 ? true : undefined,
    );
    const plan = await planReplay(admin, group, [harness.topic], {
      kind: 'timestamp',
      timestamp: replayFrom,
    });
    expect(plan.reduce((sum, partition) => sum + partition.rereads, 0)).toBe(after.length);

    const running = await harness.startConsumer(group, apply);
    await eventually('the consumer to join', async () =>
      (await admin.describeGroup(group)).members > 0 ? true : undefined,
    );
    await expect(executeReplay(admin, group, plan)).rejects.toThrow(GroupNotStoppedError);
    await running.stop();
    await eventually('the group to be empty again', async () =>
      (await admin.describeGroup(group)).members === 0 ? true : undefined,
    );

    await executeReplay(admin, group, plan);
    await harness.startConsumer(group, apply);

    const redelivered = await eventually('the replayed batch', async () => {
      const seqs = await store.redeliveredSeqs(group);
      return seqs.length >= after.length ? seqs : undefined;
    });
    expect(redelivered).toEqual(after.map((c) => c.seq));
    const effects = await store.effects(group);
    expect(effects.total).toBe(200);
  });
});
