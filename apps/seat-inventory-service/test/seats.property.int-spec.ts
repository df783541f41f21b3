import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import fc from 'fast-check';
import { Database } from '../src/database/database';
import { seedModules } from '../src/database/seed';
import { SeatsRepository } from '../src/seats/seats.repository';
import { SeatsService } from '../src/seats/seats.service';
import { freshId, stackConfig } from './support/stack';

// The seat rules against real Postgres: any interleaving of reserve, confirm and release, run
// concurrently in batches and with redeliveries, keeps the counts within capacity and equal to
// the holds, and applies each registration's transitions at most once.
jest.setTimeout(300_000);

type Op = 'reserve' | 'confirm' | 'release';
interface Step {
  op: Op;
  registration: number;
  /** Deliver an earlier message again (same id) instead of a new one. */
  redeliver: boolean;
}

const step: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom<Op>('reserve', 'confirm', 'release'),
  registration: fc.nat({ max: 7 }),
  redeliver: fc.boolean(),
});

describe('seat rules (property, real Postgres)', () => {
  const db = new Database(stackConfig().database);
  const repository = new SeatsRepository();
  const service = new SeatsService(db, repository);

  beforeAll(async () => {
    if (!process.env.TEST_NEST_LOGS) Logger.overrideLogger(false);
    await db.onModuleInit();
  });
  afterAll(async () => {
    await db.onApplicationShutdown();
  });

  // The runtime retries a failed handler (a unique violation between two concurrent reservations
  // of one registration, say); the test does the same.
  async function deliver(run: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  }

  it('never overbooks and applies each registration at most once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        async (capacity, batches) => {
          const moduleId = freshId('PROP');
          await seedModules(db, [{ moduleId, title: 'Property', capacity }]);
          const sent: { id: string; step: Step; registrationId: string }[] = [];

          for (const batch of batches) {
            await Promise.all(
              batch.map((current) => {
                const earlier = sent.find((message) => message.step.op === current.op);
                const registrationId =
                  current.redeliver && earlier
                    ? earlier.registrationId
                    : `${moduleId}-r${current.registration}`;
                const id = current.redeliver && earlier ? earlier.id : randomUUID();
                sent.push({ id, step: current, registrationId });
                const ctx = { messageId: id, cause: { messageId: id, correlationId: id } };
                const command = { moduleId, registrationId };
                return deliver(() =>
                  current.op === 'reserve'
                    ? service.reserve({ ...command, studentId: 'stu' }, ctx)
                    : current.op === 'confirm'
                      ? service.confirm(command, ctx)
                      : service.release({ ...command, reason: 'TIMEOUT' }, ctx),
                );
              }),
            );

            const seats = await repository.find(db, moduleId);
            const holds = await db.query<{ state: string; count: number }>(
              `SELECT state, count(*)::int AS count FROM seat_holds WHERE module_id = $1 GROUP BY state`,
              [moduleId],
            );
            const held = (state: string) => holds.rows.find((row) => row.state === state)?.count ?? 0;
            expect(seats).toBeDefined();
            expect(seats!.reserved).toBeGreaterThanOrEqual(0);
            expect(seats!.confirmed).toBeGreaterThanOrEqual(0);
            expect(seats!.reserved + seats!.confirmed).toBeLessThanOrEqual(capacity);
            expect(seats!.reserved).toBe(held('RESERVED'));
            expect(seats!.confirmed).toBe(held('CONFIRMED'));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
