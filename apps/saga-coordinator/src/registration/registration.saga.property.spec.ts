import fc from 'fast-check';
import type { SagaCommand } from '../saga/saga.definition';
import {
  advanceRegistrationSaga,
  type RegistrationSagaInput,
  type RegistrationSagaSettings,
  type RegistrationSagaState,
} from './registration.saga';

// Model-based: the engine drives many registrations against small models of the seat inventory
// (capacity, holds, and its rules, including an answer to every release) and of the payment
// provider (charges, refunds), while fast-check picks the interleaving: which message is
// delivered next, duplicates, outages, and how far the clock jumps (deadlines fire like the
// poller's). The invariants hold after every command and once everything has been delivered.

const settings: RegistrationSagaSettings = {
  seatDeadlineMs: 10_000,
  paymentDeadlineMs: 15_000,
  compensationDeadlineMs: 10_000,
  compensationMaxAttempts: 3,
};
const MODULE = 'M1';
const FEE = { amountCents: 1_000, currency: 'EUR' };
const at = (ms: number) => new Date(Date.UTC(2026, 10, 25) + ms).toISOString();

type Service = 'saga' | 'inventory' | 'payment' | 'registration';
interface Envelope {
  id: number;
  to: Service;
  message: SagaCommand | RegistrationSagaInput;
}
type Hold = 'RESERVED' | 'CONFIRMED' | 'RELEASED';

const destination: Record<SagaCommand['type'], Service> = {
  ReserveSeat: 'inventory',
  ConfirmSeat: 'inventory',
  ReleaseSeat: 'inventory',
  ChargePayment: 'payment',
  RefundPayment: 'payment',
  CompleteRegistration: 'registration',
  CancelRegistration: 'registration',
};

class World {
  now = 0;
  private nextId = 1;
  readonly sagas = new Map<string, RegistrationSagaState>();
  readonly deadlines = new Map<string, number>();
  readonly inFlight: Envelope[] = [];
  readonly delivered: Envelope[] = [];
  readonly down = { inventory: false, payment: false };
  // Each service applies a message id once, as its inbox does; the saga's engine gets duplicates.
  private readonly processed = new Set<number>();
  readonly inventory = { reserved: 0, confirmed: 0, holds: new Map<string, Hold>() };
  readonly provider = new Map<string, { paymentId: string; charged: boolean; refunded: boolean }>();
  readonly declines = new Map<string, boolean>();
  readonly outcomes = new Map<string, SagaCommand[]>();
  readonly sent = new Map<string, SagaCommand[]>();

  constructor(readonly capacity: number) {}

  request(declined: boolean): void {
    const registrationId = `r${this.declines.size + 1}`;
    this.declines.set(registrationId, declined);
    this.send('saga', {
      type: 'RegistrationRequested',
      data: { registrationId, studentId: 's', moduleId: MODULE, fee: FEE, requestedAt: at(this.now) },
    });
  }

  deliverable(): Envelope[] {
    return this.inFlight.filter(
      (envelope) =>
        !(envelope.to === 'inventory' && this.down.inventory) &&
        !(envelope.to === 'payment' && this.down.payment),
    );
  }

  deliver(envelope: Envelope): void {
    this.inFlight.splice(this.inFlight.indexOf(envelope), 1);
    this.delivered.push(envelope);
    this.apply(envelope);
  }

  redeliver(envelope: Envelope): void {
    this.apply(envelope);
  }

  /** Moves the clock, then feeds DeadlineElapsed to every saga whose deadline passed. */
  elapse(ms: number): void {
    this.now += ms;
    for (const [registrationId, deadline] of [...this.deadlines]) {
      if (deadline <= this.now) this.advance({ type: 'DeadlineElapsed', data: { registrationId } });
    }
  }

  /** Ends outages and delivers everything, letting deadlines fire when nothing else can happen. */
  settle(): void {
    this.down.inventory = this.down.payment = false;
    for (let round = 0; round < 10_000; round++) {
      const next = this.inFlight[0];
      if (next) {
        this.deliver(next);
        continue;
      }
      if (this.deadlines.size === 0) return;
      this.elapse(Math.max(0, Math.min(...this.deadlines.values()) - this.now));
    }
    throw new Error('the world did not settle');
  }

  private send(to: Service, message: SagaCommand | RegistrationSagaInput): void {
    this.inFlight.push({ id: this.nextId++, to, message });
  }

  private apply({ id, to, message }: Envelope): void {
    if (to === 'saga') return this.advance(message as RegistrationSagaInput);
    if (this.processed.has(id)) return;
    this.processed.add(id);
    const command = message as SagaCommand;
    if (to === 'inventory') this.seatRules(command);
    else if (to === 'payment') this.providerRules(command);
    else
      this.outcomes.set(command.data.registrationId, [
        ...(this.outcomes.get(command.data.registrationId) ?? []),
        command,
      ]);
  }

  private advance(input: RegistrationSagaInput): void {
    const { registrationId } = input.data;
    const { state, commands, deadline } = advanceRegistrationSaga(
      this.sagas.get(registrationId),
      input,
      new Date(at(this.now)),
      settings,
    );
    if (!state) return;
    this.sagas.set(registrationId, state);
    if (deadline) this.deadlines.set(registrationId, deadline.getTime() - Date.parse(at(0)));
    else this.deadlines.delete(registrationId);
    this.sent.set(registrationId, [...(this.sent.get(registrationId) ?? []), ...commands]);
    for (const command of commands) this.send(destination[command.type], command);
  }

  private seatRules(command: SagaCommand): void {
    const { registrationId } = command.data;
    const hold = this.inventory.holds.get(registrationId);
    const reply = (type: 'SeatReserved' | 'SeatRejected' | 'SeatReleased') =>
      this.send('saga', {
        type,
        data:
          type === 'SeatReserved'
            ? { registrationId, moduleId: MODULE, studentId: 's', reservedAt: at(this.now) }
            : type === 'SeatRejected'
              ? { registrationId, moduleId: MODULE, reason: 'NO_SEAT_LEFT', rejectedAt: at(this.now) }
              : { registrationId, moduleId: MODULE, releasedAt: at(this.now) },
      } as RegistrationSagaInput);
    switch (command.type) {
      case 'ReserveSeat':
        if (hold === 'RELEASED') return;
        if (hold) return reply('SeatReserved');
        if (this.inventory.reserved + this.inventory.confirmed >= this.capacity) return reply('SeatRejected');
        this.inventory.reserved++;
        this.inventory.holds.set(registrationId, 'RESERVED');
        return reply('SeatReserved');
      case 'ConfirmSeat':
        if (hold !== 'RESERVED') return;
        this.inventory.reserved--;
        this.inventory.confirmed++;
        this.inventory.holds.set(registrationId, 'CONFIRMED');
        return;
      case 'ReleaseSeat':
        if (hold === 'RESERVED') this.inventory.reserved--;
        if (hold === 'CONFIRMED') this.inventory.confirmed--;
        this.inventory.holds.set(registrationId, 'RELEASED');
        return reply('SeatReleased');
    }
  }

  private providerRules(command: SagaCommand): void {
    const { registrationId } = command.data;
    if (command.type === 'ChargePayment') {
      // The registration id is the idempotency key: a repeated charge gets the first answer.
      const declined = this.declines.get(registrationId) ?? false;
      const paymentId = `pay-${registrationId}`;
      if (!declined && !this.provider.has(registrationId)) {
        this.provider.set(registrationId, { paymentId, charged: true, refunded: false });
      }
      this.send(
        'saga',
        declined
          ? {
              type: 'PaymentFailed',
              data: {
                registrationId,
                reason: { code: 'DECLINED', message: 'declined' },
                failedAt: at(this.now),
              },
            }
          : {
              type: 'PaymentConfirmed',
              data: { registrationId, paymentId, amount: FEE, confirmedAt: at(this.now) },
            },
      );
    } else if (command.type === 'RefundPayment') {
      const charge = this.provider.get(registrationId);
      if (!charge || charge.paymentId !== command.data.paymentId) return;
      charge.refunded = true;
      this.send('saga', {
        type: 'PaymentRefunded',
        data: { registrationId, paymentId: charge.paymentId, amount: FEE, refundedAt: at(this.now) },
      });
    }
  }

  /** After every command. */
  checkAlways(): void {
    const { reserved, confirmed } = this.inventory;
    expect(reserved).toBeGreaterThanOrEqual(0);
    expect(confirmed).toBeGreaterThanOrEqual(0);
    expect(reserved + confirmed).toBeLessThanOrEqual(this.capacity);
    for (const [registrationId, commands] of this.sent) {
      // The registration is ended once, whatever happens after.
      const ends = commands.filter(
        (c) => c.type === 'CompleteRegistration' || c.type === 'CancelRegistration',
      );
      expect({ registrationId, endedMoreThanOnce: ends.length > 1 }).toEqual({
        registrationId,
        endedMoreThanOnce: false,
      });
    }
  }

  /** Once every message, refunds included, has been delivered. */
  checkSettled(compensationMayFail: boolean): void {
    this.checkAlways();
    let completed = 0;
    for (const [registrationId, saga] of this.sagas) {
      const status = saga.status;
      const allowed = compensationMayFail
        ? ['COMPLETED', 'CANCELLED', 'COMPENSATION_FAILED']
        : ['COMPLETED', 'CANCELLED'];
      expect({ registrationId, status, allowed: allowed.includes(status) }).toMatchObject({ allowed: true });

      const charge = this.provider.get(registrationId);
      const hold = this.inventory.holds.get(registrationId);
      const ends = this.outcomes.get(registrationId) ?? [];
      if (status === 'COMPLETED') {
        completed++;
        expect({ registrationId, hold, charged: charge?.charged, refunded: charge?.refunded }).toEqual({
          registrationId,
          hold: 'CONFIRMED',
          charged: true,
          refunded: false,
        });
        expect(ends.map((c) => c.type)).toEqual(['CompleteRegistration']);
      } else {
        // No money kept and no seat held for a cancelled registration.
        expect({ registrationId, kept: charge ? charge.charged && !charge.refunded : false }).toEqual({
          registrationId,
          kept: false,
        });
        expect({ registrationId, seatHeld: hold === 'RESERVED' || hold === 'CONFIRMED' }).toEqual({
          registrationId,
          seatHeld: false,
        });
        expect(ends).toEqual([
          { type: 'CancelRegistration', data: { registrationId, reason: saga.cancellation?.reason } },
        ]);
      }
      // A compensation is given up only after every attempt went unanswered.
      for (const failure of saga.failures) {
        const type = failure.step === 'reserveSeat' ? 'ReleaseSeat' : 'RefundPayment';
        expect((this.sent.get(registrationId) ?? []).filter((c) => c.type === type)).toHaveLength(
          settings.compensationMaxAttempts,
        );
      }
    }
    expect(this.inventory).toMatchObject({ reserved: 0, confirmed: completed });
    expect(this.deadlines.size).toBe(0);
  }
}

type Model = Record<string, never>;
type WorldCommand = fc.Command<Model, World>;

const command = (
  name: string,
  run: (world: World) => void,
  check: (world: World) => boolean = () => true,
): WorldCommand => ({
  check: () => true,
  run: (_model, world) => {
    if (check(world)) run(world);
    world.checkAlways();
  },
  toString: () => name,
});

const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items[index % Math.max(items.length, 1)];

function commands(options: { outages: boolean }): fc.Arbitrary<Iterable<WorldCommand>> {
  const request = fc.boolean().map((declined) =>
    command(
      `request(${declined ? 'declined' : 'paid'})`,
      (world) => world.request(declined),
      (world) => world.declines.size < 5,
    ),
  );
  const deliver = fc.nat().map((index) =>
    command(`deliver(${index})`, (world) => {
      const envelope = pick(world.deliverable(), index);
      if (envelope) world.deliver(envelope);
    }),
  );
  const redeliver = fc.nat().map((index) =>
    command(`redeliver(${index})`, (world) => {
      const envelope = pick(world.delivered, index);
      if (envelope) world.redeliver(envelope);
    }),
  );
  const elapse = fc
    .constantFrom(1_000, 5_000, 10_000, 16_000)
    .map((ms) => command(`elapse(${ms})`, (world) => world.elapse(ms)));
  const toggle = fc.constantFrom('inventory' as const, 'payment' as const).map((service) =>
    command(`toggle(${service})`, (world) => {
      world.down[service] = !world.down[service];
    }),
  );
  // Listing an arbitrary twice makes it twice as likely: mostly deliveries, so sagas get far.
  return fc.commands(
    [
      request,
      request,
      deliver,
      deliver,
      deliver,
      deliver,
      deliver,
      redeliver,
      elapse,
      ...(options.outages ? [toggle] : []),
    ],
    { maxCommands: 60, size: 'large' },
  );
}

describe('registration saga against models of the inventory and the payment provider', () => {
  it('keeps seats within capacity, ends every saga, and keeps no money for a cancelled registration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), commands({ outages: true }), (capacity, steps) => {
        const world = new World(capacity);
        fc.modelRun(() => ({ model: {}, real: world }), steps);
        world.settle();
        world.checkSettled(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never fails a compensation when every compensation is answered before its deadline', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), commands({ outages: false }), (capacity, steps) => {
        const world = new World(capacity);
        // A healthy world: compensations and their answers arrive before the clock moves on.
        const elapse = world.elapse.bind(world);
        world.elapse = (ms: number) => {
          for (;;) {
            const compensation = world.inFlight.find((envelope) =>
              ['ReleaseSeat', 'RefundPayment', 'SeatReleased', 'PaymentRefunded'].includes(
                envelope.message.type,
              ),
            );
            if (!compensation) break;
            world.deliver(compensation);
          }
          elapse(ms);
        };
        fc.modelRun(() => ({ model: {}, real: world }), steps);
        world.settle();
        world.checkSettled(false);
      }),
      { numRuns: 300 },
    );
  });
});
