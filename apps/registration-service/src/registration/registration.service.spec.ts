import { Logger } from '@nestjs/common';
import { NonRetriableError, type OutboxRecord } from '@platform/messaging';
import type { Queryable } from '@platform/persistence';
import type { Database } from '../database/database';
import type { RegistrationState } from './registration.aggregate';
import {
  ConcurrentAppendError,
  type LoadedStream,
  type RegistrationEventStore,
} from './registration.event-store';
import type { RegistrationRepository } from './registration.repository';
import { RegistrationService } from './registration.service';

const pending: RegistrationState = {
  registrationId: 'reg-1',
  studentId: 'alice',
  moduleId: 'CS101',
  fee: { amountCents: 25000, currency: 'EUR' },
  status: 'PENDING',
  requestedAt: '2026-11-25T12:00:00.000Z',
  version: 1,
};

/** Transactions that keep the inbox and what the store and repository were asked to write. */
function harness(streams: LoadedStream[], options: { snapshotEvery?: number; conflicts?: number } = {}) {
  const inbox = new Set<string>();
  const appended: { expectedVersion: number; records: OutboxRecord[] }[] = [];
  const statuses: RegistrationState[] = [];
  const snapshots: RegistrationState[] = [];
  let conflicts = options.conflicts ?? 0;
  let loads = 0;

  const db = {
    transaction: async <T>(work: (tx: Queryable) => Promise<T>) => {
      const tx = {
        query: async (_text: string, values: unknown[] = []) => {
          // The inbox row with the stream's read: the message id is the last value.
          const id = String(values[values.length - 1]);
          const first = !inbox.has(id);
          inbox.add(id);
          return { rowCount: 1, rows: [{ inbox_first_delivery: first, inbox_read_found: true }] };
        },
      } as unknown as Queryable;
      const before = new Set(inbox);
      try {
        return await work(tx);
      } catch (error) {
        inbox.clear();
        before.forEach((id) => inbox.add(id));
        throw error;
      }
    },
    query: async () => ({ rows: [] }),
  } as unknown as Database;
  const store = {
    loadRead: () => ({ text: 'the stream', values: [] }),
    loadedFrom: () => streams[Math.min(loads++, streams.length - 1)],
    append: async (
      _tx: Queryable,
      state: RegistrationState,
      expectedVersion: number,
      records: OutboxRecord[],
    ) => {
      if (conflicts > 0) {
        conflicts -= 1;
        throw new ConcurrentAppendError('moved');
      }
      appended.push({ expectedVersion, records });
      statuses.push(state);
      return expectedVersion + records.length;
    },
    saveSnapshot: async (_tx: Queryable, _id: string, state: RegistrationState) => void snapshots.push(state),
  } as unknown as RegistrationEventStore;
  const repository = {} as RegistrationRepository;
  const service = new RegistrationService(
    db,
    store,
    repository,
    { quote: async () => undefined },
    {
      snapshotEvery: options.snapshotEvery ?? 10,
    },
  );
  return { service, appended, statuses, snapshots, loads: () => loads };
}

const ctx = (messageId: string) => ({ messageId, cause: { messageId, correlationId: 'corr-1' } });

describe(RegistrationService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('appends RegistrationCompleted at the next version, caused by the command, and updates the status', async () => {
    const { service, appended, statuses } = harness([{ state: pending, snapshotVersion: 0 }]);

    await service.complete({ registrationId: 'reg-1', paymentId: 'pay-1' }, ctx('m-1'));

    expect(appended).toHaveLength(1);
    expect(appended[0]).toMatchObject({
      expectedVersion: 1,
      records: [
        {
          type: 'RegistrationCompleted',
          topic: 'registration.events',
          key: 'reg-1',
          causationId: 'm-1',
          correlationId: 'corr-1',
        },
      ],
    });
    expect(statuses).toEqual([expect.objectContaining({ status: 'COMPLETED', version: 2 })]);
  });

  it('snapshots once the stream has grown by SNAPSHOT_EVERY events since the last snapshot', async () => {
    const grown = harness([{ state: pending, snapshotVersion: 0 }], { snapshotEvery: 2 });
    const recent = harness([{ state: pending, snapshotVersion: 1 }], { snapshotEvery: 2 });

    await grown.service.cancel({ registrationId: 'reg-1', reason: 'NO_SEAT' }, ctx('m-1'));
    await recent.service.cancel({ registrationId: 'reg-1', reason: 'NO_SEAT' }, ctx('m-1'));

    expect(grown.snapshots).toEqual([
      expect.objectContaining({ status: 'CANCELLED', reason: 'NO_SEAT', version: 2 }),
    ]);
    expect(recent.snapshots).toEqual([]);
  });

  it('reloads and decides again when another writer appended first', async () => {
    const completed = { ...pending, status: 'COMPLETED' as const, version: 2 };
    const { service, appended, loads } = harness(
      [
        { state: pending, snapshotVersion: 0 },
        { state: completed, snapshotVersion: 0 },
      ],
      { conflicts: 1 },
    );

    await service.cancel({ registrationId: 'reg-1', reason: 'TIMEOUT' }, ctx('m-1'));

    expect(loads()).toBe(2);
    expect(appended).toEqual([]);
  });

  it('gives up after a few lost races, so the runtime retries later', async () => {
    const { service } = harness([{ state: pending, snapshotVersion: 0 }], { conflicts: 99 });

    await expect(
      service.complete({ registrationId: 'reg-1', paymentId: 'p' }, ctx('m-1')),
    ).rejects.toBeInstanceOf(ConcurrentAppendError);
  });

  it('refuses an unknown registration as non-retriable, and changes nothing for repeats and conflicts', async () => {
    const unknown = harness([{ state: undefined, snapshotVersion: 0 }]);
    const completed = harness([
      { state: { ...pending, status: 'COMPLETED', version: 2 }, snapshotVersion: 0 },
    ]);

    await expect(
      unknown.service.complete({ registrationId: 'nope', paymentId: 'p' }, ctx('m-1')),
    ).rejects.toBeInstanceOf(NonRetriableError);
    await completed.service.complete({ registrationId: 'reg-1', paymentId: 'p' }, ctx('m-2'));
    await completed.service.cancel({ registrationId: 'reg-1', reason: 'TIMEOUT' }, ctx('m-3'));
    expect(completed.appended).toEqual([]);
  });

  it('has no second effect when the same command is delivered again', async () => {
    const { service, appended } = harness([{ state: pending, snapshotVersion: 0 }]);

    await service.complete({ registrationId: 'reg-1', paymentId: 'p' }, ctx('m-1'));
    await service.complete({ registrationId: 'reg-1', paymentId: 'p' }, ctx('m-1'));

    expect(appended).toHaveLength(1);
  });
});
