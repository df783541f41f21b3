import { Logger } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';
import type { SagaCommand } from '../saga/saga.definition';
import type { SagaObservation } from '../saga/saga.observations';
import type { Database } from '../database/database';
import type { SagaInstance, SagaRepository } from './registration.repository';
import type { RegistrationSagaInput, RegistrationSagaSettings } from './registration.saga';
import { RegistrationSagaService } from './registration.service';

interface Emitted {
  type: string;
  topic: string;
  key: string;
  data: Record<string, unknown>;
  correlationId: string | null;
  causationId: string | null;
}

/**
 * A transaction double for the inbox (with the read that goes with it) and outbox statements,
 * committing only when work succeeds.
 */
class FakeDatabase implements Pick<Database, 'transaction'> {
  readonly inbox = new Set<string>();
  readonly outbox: Emitted[] = [];

  constructor(private readonly sagas: FakeSagas) {}

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const inbox: string[] = [];
    const outbox: Emitted[] = [];
    const tx = {
      query: async (text: string, values: unknown[] = []) => {
        if (text.includes('INSERT INTO inbox')) {
          const id = String(values[values.length - 1]);
          const first = !this.inbox.has(id) && !inbox.includes(id);
          if (first) inbox.push(id);
          const instance = this.sagas.instances.get(String(values[0]));
          const found = instance ? { inbox_read_found: true, ...instance } : { inbox_read_found: null };
          return { rowCount: 1, rows: [{ inbox_first_delivery: first, ...found }] };
        }
        if (text.includes('INSERT INTO outbox')) {
          outbox.push({
            topic: values[1] as string,
            key: values[2] as string,
            type: values[3] as string,
            data: JSON.parse(values[4] as string) as Record<string, unknown>,
            correlationId: values[9] as string | null,
            causationId: values[10] as string | null,
          });
        }
        return { rowCount: 1, rows: [] };
      },
    } as unknown as Queryable;
    const result = await work(tx);
    inbox.forEach((id) => this.inbox.add(id));
    this.outbox.push(...outbox);
    return result;
  }
}

/** Saga instances in a map, with the history appended beside them. */
class FakeSagas {
  readonly instances = new Map<string, SagaInstance>();
  readonly history: { registrationId: string; seq: number; input: string; commands: string[] }[] = [];

  lockRead(registrationId: string) {
    return { text: 'SELECT the instance FOR UPDATE', values: [registrationId] };
  }
  async lockDue(_tx: Queryable, now: Date) {
    return [...this.instances.values()].filter((i) => i.deadlineAt && i.deadlineAt <= now);
  }
  async save(
    _tx: Queryable,
    instance: SagaInstance,
    step: { isNew: boolean; input: RegistrationSagaInput; commands: readonly SagaCommand[] },
  ) {
    if (step.isNew && this.instances.has(instance.registrationId)) throw new Error('duplicate key');
    this.instances.set(instance.registrationId, instance);
    this.history.push({
      registrationId: instance.registrationId,
      seq: instance.version,
      input: step.input.type,
      commands: step.commands.map((c) => c.type),
    });
  }
}

const settings: RegistrationSagaSettings = {
  seatDeadlineMs: 10_000,
  paymentDeadlineMs: 15_000,
  compensationDeadlineMs: 10_000,
  compensationMaxAttempts: 1,
};
const t0 = new Date('2026-11-25T12:00:00.000Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const ctx = (messageId: string) => ({ messageId, cause: { messageId, correlationId: 'corr-1' } });
const requested: RegistrationSagaInput = {
  type: 'RegistrationRequested',
  data: {
    registrationId: 'reg-1',
    studentId: 'stu-1',
    moduleId: 'CS101',
    fee: { amountCents: 100, currency: 'EUR' },
    requestedAt: t0.toISOString(),
  },
};

function service() {
  const sagas = new FakeSagas();
  const db = new FakeDatabase(sagas);
  const recorded: [string, SagaObservation][] = [];
  const metrics = { record: (id: string, observation: SagaObservation) => recorded.push([id, observation]) };
  const saga = new RegistrationSagaService(db, sagas as unknown as SagaRepository, metrics, settings);
  return { db, sagas, recorded, saga };
}

describe(RegistrationSagaService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('stores the instance with its deadline, the history, and the commands caused by the event', async () => {
    const { db, sagas, saga } = service();
    await saga.advance(requested, ctx('m-1'), t0);

    expect(sagas.instances.get('reg-1')).toMatchObject({
      version: 1,
      deadlineAt: later(10_000),
      correlationId: 'corr-1',
      causationId: 'm-1',
      state: { status: 'RESERVING_SEAT' },
    });
    expect(sagas.history).toEqual([
      { registrationId: 'reg-1', seq: 1, input: 'RegistrationRequested', commands: ['ReserveSeat'] },
    ]);
    expect(db.outbox).toEqual([
      {
        type: 'ReserveSeat',
        topic: 'inventory.commands',
        key: 'CS101',
        data: { moduleId: 'CS101', registrationId: 'reg-1', studentId: 'stu-1' },
        correlationId: 'corr-1',
        causationId: 'm-1',
      },
    ]);
  });

  it('has no second effect when the same message is delivered again', async () => {
    const { db, sagas, saga } = service();
    await saga.advance(requested, ctx('m-1'), t0);
    await saga.advance(requested, ctx('m-1'), t0);

    expect(sagas.history).toHaveLength(1);
    expect(db.outbox).toHaveLength(1);
  });

  it('ignores events of registrations it has no saga for', async () => {
    const { db, sagas, saga } = service();
    await saga.advance(
      {
        type: 'SeatReleased',
        data: { registrationId: 'other', moduleId: 'CS101', releasedAt: t0.toISOString() },
      },
      ctx('m-9'),
      t0,
    );
    expect(sagas.instances.size).toBe(0);
    expect(db.outbox).toHaveLength(0);
  });

  it('fires due deadlines with the cause of the message that set them, and records the failure', async () => {
    const { db, sagas, saga, recorded } = service();
    await saga.advance(requested, ctx('m-1'), t0);

    expect(await saga.fireDueDeadlines(later(9_999))).toBe(0);
    expect(await saga.fireDueDeadlines(later(10_000))).toBe(1);
    expect(db.outbox.slice(1)).toEqual([
      expect.objectContaining({
        type: 'ReleaseSeat',
        data: { moduleId: 'CS101', registrationId: 'reg-1', reason: 'TIMEOUT' },
        correlationId: 'corr-1',
        causationId: 'm-1',
      }),
    ]);
    expect(sagas.instances.get('reg-1')).toMatchObject({ version: 2, causationId: 'm-1' });

    // One attempt allowed: the next deadline gives up, still cancels, and reports the failure.
    await saga.fireDueDeadlines(later(20_000));
    expect(db.outbox.map((message) => message.type)).toEqual([
      'ReserveSeat',
      'ReleaseSeat',
      'CancelRegistration',
    ]);
    expect(sagas.instances.get('reg-1')).toMatchObject({
      deadlineAt: null,
      state: { status: 'COMPENSATION_FAILED' },
    });
    expect(recorded.at(-1)).toEqual([
      'reg-1',
      {
        outcome: { status: 'COMPENSATION_FAILED', reason: 'TIMEOUT' },
        compensationFailures: [{ step: 'reserveSeat', attempts: 1, at: later(20_000).toISOString() }],
      },
    ]);
  });

  it('writes nothing and records no metrics when the transaction fails, so the retry starts from scratch', async () => {
    const { db, sagas, saga, recorded } = service();
    sagas.save = async () => {
      throw new Error('connection reset');
    };
    await expect(saga.advance(requested, ctx('m-1'), t0)).rejects.toThrow('connection reset');
    expect(db.inbox.size).toBe(0);
    expect(db.outbox).toHaveLength(0);
    expect(recorded).toHaveLength(0);
  });
});
