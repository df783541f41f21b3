import { Logger } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';
import type { Database } from '../database/database';
import type { ConfirmOutcome, ReleaseOutcome, ReserveOutcome, SeatsRepository } from './seats.repository';
import { SeatsService } from './seats.service';

interface Emitted {
  type: string;
  topic: string;
  key: string;
  data: Record<string, unknown>;
  causationId: string | null;
  correlationId: string | null;
}

/** A transaction double that understands the inbox and outbox statements and nothing else. */
class FakeDatabase implements Pick<Database, 'transaction'> {
  readonly inbox = new Set<string>();
  readonly outbox: Emitted[] = [];

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const inbox: string[] = [];
    const outbox: Emitted[] = [];
    const tx = {
      query: async (text: string, values: unknown[] = []) => {
        if (text.includes('INSERT INTO inbox')) {
          const id = String(values[1]);
          const first = !this.inbox.has(id) && !inbox.includes(id);
          if (first) inbox.push(id);
          return { rowCount: first ? 1 : 0, rows: [] };
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

function repository(outcomes: {
  reserve?: ReserveOutcome;
  confirm?: ConfirmOutcome;
  release?: ReleaseOutcome;
}): SeatsRepository & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    reserve: async (_tx: Queryable, moduleId: string, registrationId: string) => {
      calls.push(`reserve ${moduleId} ${registrationId}`);
      return outcomes.reserve ?? { kind: 'reserved' };
    },
    confirm: async (_tx: Queryable, moduleId: string, registrationId: string) => {
      calls.push(`confirm ${moduleId} ${registrationId}`);
      return outcomes.confirm ?? { kind: 'confirmed' };
    },
    release: async (_tx: Queryable, moduleId: string, registrationId: string) => {
      calls.push(`release ${moduleId} ${registrationId}`);
      return outcomes.release ?? { kind: 'released', from: 'RESERVED' };
    },
  } as unknown as SeatsRepository & { calls: string[] };
}

const ctx = (messageId: string) => ({ messageId, cause: { messageId, correlationId: 'corr-1' } });
const reserve = { moduleId: 'CS101', registrationId: 'reg-1', studentId: 'stu-1' };

describe(SeatsService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('emits SeatReserved keyed by module, caused by the command, when a seat was taken', async () => {
    const db = new FakeDatabase();
    await new SeatsService(db, repository({})).reserve(reserve, ctx('m-1'));

    expect(db.outbox).toEqual([
      {
        type: 'SeatReserved',
        topic: 'inventory.events',
        key: 'CS101',
        data: expect.objectContaining({ moduleId: 'CS101', registrationId: 'reg-1', studentId: 'stu-1' }),
        causationId: 'm-1',
        correlationId: 'corr-1',
      },
    ]);
  });

  it.each([
    [{ kind: 'no-seat-left' } as const, 'NO_SEAT_LEFT'],
    [{ kind: 'unknown-module' } as const, 'UNKNOWN_MODULE'],
  ])('rejects with a reason when the repository says %o', async (outcome, reason) => {
    const db = new FakeDatabase();
    await new SeatsService(db, repository({ reserve: outcome })).reserve(reserve, ctx('m-1'));

    expect(db.outbox.map((event) => [event.type, event.data['reason']])).toEqual([['SeatRejected', reason]]);
  });

  it('answers a repeated ReserveSeat for a held seat again, and ignores one for a released registration', async () => {
    const db = new FakeDatabase();
    await new SeatsService(db, repository({ reserve: { kind: 'already-held', state: 'CONFIRMED' } })).reserve(
      reserve,
      ctx('m-1'),
    );
    await new SeatsService(db, repository({ reserve: { kind: 'already-held', state: 'RELEASED' } })).reserve(
      reserve,
      ctx('m-2'),
    );

    expect(db.outbox.map((event) => event.type)).toEqual(['SeatReserved']);
  });

  it('has no second effect when the same message is delivered again', async () => {
    const db = new FakeDatabase();
    const seats = repository({});
    const service = new SeatsService(db, seats);

    await service.reserve(reserve, ctx('m-1'));
    await service.reserve(reserve, ctx('m-1'));

    expect(seats.calls).toEqual(['reserve CS101 reg-1']);
    expect(db.outbox).toHaveLength(1);
  });

  it('emits SeatConfirmed only when the hold changed, and answers every release', async () => {
    const db = new FakeDatabase();
    const command = { moduleId: 'CS101', registrationId: 'reg-1' };
    await new SeatsService(db, repository({})).confirm(command, ctx('c-1'));
    await new SeatsService(db, repository({ confirm: { kind: 'unchanged', state: 'CONFIRMED' } })).confirm(
      command,
      ctx('c-2'),
    );
    await new SeatsService(db, repository({})).release({ ...command, reason: 'PAYMENT_FAILED' }, ctx('r-1'));
    await new SeatsService(db, repository({ release: { kind: 'unchanged', state: 'RELEASED' } })).release(
      { ...command, reason: 'TIMEOUT' },
      ctx('r-2'),
    );

    expect(db.outbox.map((event) => event.type)).toEqual(['SeatConfirmed', 'SeatReleased', 'SeatReleased']);
  });

  it('writes nothing when the effect fails, so the retry starts from scratch', async () => {
    const db = new FakeDatabase();
    const failing = {
      reserve: async () => {
        throw new Error('connection reset');
      },
    } as unknown as SeatsRepository;

    await expect(new SeatsService(db, failing).reserve(reserve, ctx('m-1'))).rejects.toThrow(
      'connection reset',
    );
    expect(db.inbox.size).toBe(0);
    expect(db.outbox).toHaveLength(0);
  });
});
