import type { Redis } from 'ioredis';
import {
  ACTIVE_GENERATION_KEY,
  generationKeys,
  ProjectionStore,
  ReadModelReader,
  tombstonesKey,
  WRITABLE_GENERATIONS_KEY,
  type ModuleSeatsView,
  type Projection,
  type RegistrationView,
} from '../src';
import { PrivateRedis } from '@platform/testing';

// The store's Lua against a real redis-server (a private one: these specs own readmodel:active).
jest.setTimeout(60_000);

const seats = (id: string, version: number, reserved = 0): Projection => {
  const view: ModuleSeatsView = {
    moduleId: id,
    title: `Module ${id}`,
    capacity: 10,
    reserved,
    confirmed: 0,
    available: 10 - reserved,
    fee: { amountCents: 100, currency: 'EUR' },
    version,
    updatedAt: '2026-11-25T12:00:00Z',
  };
  return { model: 'modules', id, version, view };
};
const status = (
  id: string,
  studentId: string,
  version: number,
  status: RegistrationView['status'] = 'PENDING',
): Projection => ({
  model: 'registrations',
  id,
  version,
  view: { registrationId: id, studentId, moduleId: 'M1', status, version, updatedAt: '2026-11-25T12:00:00Z' },
});
const removal = (model: Projection['model'], id: string, version: number): Projection =>
  ({ model, id, version, view: null }) as Projection;

describe(ProjectionStore.name, () => {
  let server: PrivateRedis;
  let redis: Redis;
  let store: ProjectionStore;
  let reader: ReadModelReader;

  beforeAll(async () => {
    server = await PrivateRedis.start();
    redis = server.client();
    store = new ProjectionStore(redis);
    reader = new ReadModelReader(redis);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  // Flushing is fine here: this redis-server belongs to the spec alone.
  beforeEach(() => redis.flushall());

  it('applies a newer version, and calls a replayed one replayed and an older one stale without writing', async () => {
    await store.openGeneration('g1');
    await redis.set(ACTIVE_GENERATION_KEY, 'g1');

    expect(await store.apply('writable', seats('M1', 20, 2))).toEqual({
      active: 'g1',
      outcomes: [{ generation: 'g1', outcome: 'applied' }],
      outcome: 'applied',
    });
    expect((await store.apply('writable', seats('M1', 20, 2))).outcome).toBe('replayed');
    expect((await store.apply('writable', seats('M1', 10, 9))).outcome).toBe('stale');
    expect(await reader.module('M1')).toMatchObject({ reserved: 2, available: 8, version: 20 });

    expect((await store.apply('writable', seats('M1', 30, 5))).outcome).toBe('applied');
    expect(await reader.module('M1')).toMatchObject({ reserved: 5, version: 30 });
  });

  it('deletes an entry and keeps a tombstone, so an older change cannot bring it back', async () => {
    await store.openGeneration('g1');
    await store.apply('writable', seats('M1', 10));
    expect((await store.apply('writable', removal('modules', 'M1', 20))).outcome).toBe('applied');
    expect(await redis.hexists(generationKeys('g1').modules, 'M1')).toBe(0);
    expect(await redis.hget(tombstonesKey('g1'), 'modules:M1')).toBe('20');

    expect((await store.apply('writable', seats('M1', 15))).outcome).toBe('stale');
    expect((await store.apply('writable', removal('modules', 'M1', 20))).outcome).toBe('replayed');
    expect(await redis.hexists(generationKeys('g1').modules, 'M1')).toBe(0);

    // Recreated by a later insert: the tombstone goes.
    expect((await store.apply('writable', seats('M1', 25))).outcome).toBe('applied');
    expect(await redis.hget(tombstonesKey('g1'), 'modules:M1')).toBeNull();
  });

  it("keeps each student's set: add, move to another student, remove on delete", async () => {
    await store.openGeneration('g1');
    await redis.set(ACTIVE_GENERATION_KEY, 'g1');
    await store.apply('writable', status('R1', 'S1', 10));
    await store.apply('writable', status('R2', 'S1', 11, 'COMPLETED'));
    expect((await reader.registrationsOf('S1')).map((view) => view.registrationId).sort()).toEqual([
      'R1',
      'R2',
    ]);

    await store.apply('writable', status('R1', 'S2', 12));
    expect((await reader.registrationsOf('S1')).map((view) => view.registrationId)).toEqual(['R2']);
    expect((await reader.registrationsOf('S2')).map((view) => view.registrationId)).toEqual(['R1']);

    // A delete carries no student id (only the key survives a DELETE in the WAL): the stored view names it.
    await store.apply('writable', removal('registrations', 'R2', 13));
    expect(await reader.registrationsOf('S1')).toEqual([]);
    expect(await reader.registration('R2')).toBeUndefined();
  });

  it('writes to every writable generation, and reports the active one as the outcome', async () => {
    await store.openGeneration('g1');
    await redis.set(ACTIVE_GENERATION_KEY, 'g1');
    await store.apply({ generation: 'g2' }, seats('M1', 30));
    await store.openGeneration('g2');

    const result = await store.apply('writable', seats('M1', 20));
    expect(result.outcomes.sort((a, b) => a.generation.localeCompare(b.generation))).toEqual([
      { generation: 'g1', outcome: 'applied' },
      { generation: 'g2', outcome: 'stale' },
    ]);
    expect(result.outcome).toBe('applied');
    expect(await store.apply({ generation: 'g2' }, seats('M2', 5))).toMatchObject({
      outcomes: [{ generation: 'g2', outcome: 'applied' }],
    });
    expect(await redis.hexists(generationKeys('g1').modules, 'M2')).toBe(0);
  });

  it('writes nowhere and says so when no generation exists', async () => {
    expect(await store.apply('writable', seats('M1', 1))).toEqual({
      active: undefined,
      outcomes: [],
      outcome: undefined,
    });
    expect(await redis.keys('*')).toEqual([]);
  });

  it('switches the active generation in one step, and drops the replaced ones with every key', async () => {
    await store.openGeneration('g1');
    await redis.set(ACTIVE_GENERATION_KEY, 'g1');
    await store.apply('writable', status('R1', 'S1', 10));
    await store.openGeneration('g-crashed');
    await store.openGeneration('g2');
    await store.apply({ generation: 'g2' }, status('R1', 'S1', 10));

    const switched = await store.switchActive('g2');
    expect(switched.previous).toBe('g1');
    expect(switched.replaced.sort()).toEqual(['g-crashed', 'g1']);
    expect(await redis.get(ACTIVE_GENERATION_KEY)).toBe('g2');
    expect(await redis.smembers(WRITABLE_GENERATIONS_KEY)).toEqual(['g2']);

    expect(await store.dropGeneration('g1')).toBe(2);
    expect((await redis.keys('readmodel:g1:*')).length).toBe(0);
    expect((await reader.registrationsOf('S1')).map((view) => view.registrationId)).toEqual(['R1']);
  });

  it('lets one rebuild hold the lock at a time, released only by its owner', async () => {
    expect(await store.tryLockRebuild('a', 10_000)).toBe(true);
    expect(await store.tryLockRebuild('b', 10_000)).toBe(false);
    await store.unlockRebuild('b');
    expect(await store.tryLockRebuild('b', 10_000)).toBe(false);
    await store.unlockRebuild('a');
    expect(await store.tryLockRebuild('b', 10_000)).toBe(true);
  });

  it('loads its scripts again after Redis forgot them', async () => {
    await store.openGeneration('g1');
    await store.apply('writable', seats('M1', 1));
    await redis.script('FLUSH');
    expect((await store.apply('writable', seats('M1', 2))).outcome).toBe('applied');
  });
});
