import fc from 'fast-check';
import {
  decide,
  fold,
  type RegistrationCommand,
  type RegistrationState,
  type StoredRegistrationEvent,
} from './registration.aggregate';

const at = '2026-11-25T12:00:00.000Z';
const request: RegistrationCommand = {
  kind: 'request',
  registrationId: 'reg-1',
  studentId: 'alice',
  moduleId: 'CS101',
  fee: { amountCents: 25000, currency: 'EUR' },
  at,
};

/** Runs commands through decide and fold, as the service does, and returns the state and events. */
function run(commands: RegistrationCommand[]): {
  state?: RegistrationState;
  events: StoredRegistrationEvent[];
} {
  let state: RegistrationState | undefined;
  const events: StoredRegistrationEvent[] = [];
  for (const command of commands) {
    const decision = decide(state, command);
    if (decision.kind !== 'changed') continue;
    const stored = decision.events.map((event, i) => ({ ...event, version: (state?.version ?? 0) + i + 1 }));
    events.push(...stored);
    state = fold(state, stored);
  }
  return { state, events };
}

describe('registration aggregate', () => {
  it('starts PENDING at version 1 with a RegistrationRequested', () => {
    const { state, events } = run([request]);

    expect(events).toEqual([
      {
        type: 'RegistrationRequested',
        version: 1,
        data: {
          registrationId: 'reg-1',
          studentId: 'alice',
          moduleId: 'CS101',
          fee: { amountCents: 25000, currency: 'EUR' },
          requestedAt: at,
        },
      },
    ]);
    expect(state).toMatchObject({ status: 'PENDING', version: 1 });
  });

  it('completes a pending registration once; a repeat changes nothing', () => {
    const { state, events } = run([request, { kind: 'complete', at }, { kind: 'complete', at }]);

    expect(events.map((event) => event.type)).toEqual(['RegistrationRequested', 'RegistrationCompleted']);
    expect(state).toMatchObject({ status: 'COMPLETED', version: 2 });
    expect(decide(state, { kind: 'complete', at })).toEqual({ kind: 'unchanged' });
  });

  it('cancels with the reason; a repeat changes nothing', () => {
    const { state } = run([request, { kind: 'cancel', reason: 'NO_SEAT', at }]);

    expect(state).toMatchObject({ status: 'CANCELLED', reason: 'NO_SEAT', version: 2 });
    expect(decide(state, { kind: 'cancel', reason: 'TIMEOUT', at })).toEqual({ kind: 'unchanged' });
  });

  it('refuses to cancel a completed registration and to complete a cancelled one', () => {
    const completed = run([request, { kind: 'complete', at }]).state;
    const cancelled = run([request, { kind: 'cancel', reason: 'TIMEOUT', at }]).state;

    expect(decide(completed, { kind: 'cancel', reason: 'TIMEOUT', at }).kind).toBe('conflict');
    expect(decide(cancelled, { kind: 'complete', at }).kind).toBe('conflict');
  });

  it('knows no registration that was never requested', () => {
    expect(decide(undefined, { kind: 'complete', at })).toEqual({ kind: 'not-found' });
    expect(decide(undefined, { kind: 'cancel', reason: 'TIMEOUT', at })).toEqual({ kind: 'not-found' });
  });

  it('folds the same state from a snapshot plus the rest as from all events', () => {
    const command = fc.oneof(
      fc.constant<RegistrationCommand>({ kind: 'complete', at }),
      fc
        .constantFrom('NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT' as const)
        .map((reason): RegistrationCommand => ({ kind: 'cancel', reason, at })),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 8 }), fc.nat(), (commands, cut) => {
        const { state, events } = run([request, ...commands]);
        const split = 1 + (cut % events.length);
        const snapshot = fold(undefined, events.slice(0, split));

        expect(fold(snapshot, events.slice(split))).toEqual(state);
        expect(events.map((event) => event.version)).toEqual(events.map((_, i) => i + 1));
        // At most one terminal event, whatever the saga sends.
        expect(events.filter((event) => event.type !== 'RegistrationRequested').length).toBeLessThanOrEqual(
          1,
        );
      }),
    );
  });
});
