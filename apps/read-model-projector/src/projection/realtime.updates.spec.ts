import { validateOutgoing } from '@platform/contracts';
import type { Projection } from '@platform/read-models';
import { realtimeUpdateOf } from './realtime.updates';

const sourceTsMs = Date.parse('2026-11-25T12:07:25.159Z');

describe(realtimeUpdateOf.name, () => {
  const seats: Projection = {
    model: 'modules',
    id: 'CS101',
    version: 7,
    view: {
      moduleId: 'CS101',
      title: 'Intro',
      capacity: 10,
      reserved: 3,
      confirmed: 2,
      available: 5,
      fee: { amountCents: 100, currency: 'EUR' },
      version: 7,
      updatedAt: '2026-11-25T12:00:00Z',
    },
  };

  it("tells the module's channel its seat counts, stamped with the commit time and the row's version", () => {
    const update = realtimeUpdateOf(seats, sourceTsMs);
    expect(update).toEqual({
      type: 'SeatAvailableChanged',
      data: {
        channel: 'module:CS101',
        moduleId: 'CS101',
        capacity: 10,
        reserved: 3,
        confirmed: 2,
        available: 5,
        version: 7,
        changedAt: '2026-11-25T12:07:25.159Z',
      },
    });
    if (update?.type !== 'SeatAvailableChanged') throw new Error('expected SeatAvailableChanged');
    expect(() => validateOutgoing(update.type, update.data)).not.toThrow();
  });

  it("tells only the student's channel a registration's status, with the reason when cancelled", () => {
    const update = realtimeUpdateOf(
      {
        model: 'registrations',
        id: 'reg-1',
        version: 9,
        view: {
          registrationId: 'reg-1',
          studentId: 'stu-1',
          moduleId: 'CS101',
          status: 'CANCELLED',
          reason: 'NO_SEAT',
          version: 9,
          updatedAt: '2026-11-25T12:00:00Z',
        },
      },
      sourceTsMs,
    );
    expect(update).toEqual({
      type: 'RegistrationStatusChanged',
      data: {
        channel: 'student:stu-1',
        registrationId: 'reg-1',
        studentId: 'stu-1',
        moduleId: 'CS101',
        status: 'CANCELLED',
        reason: 'NO_SEAT',
        version: 9,
        changedAt: '2026-11-25T12:07:25.159Z',
      },
    });
    if (update?.type !== 'RegistrationStatusChanged') throw new Error('expected RegistrationStatusChanged');
    expect(() => validateOutgoing(update.type, update.data)).not.toThrow();
  });

  it("tells the channel a deleted module is removed on its channel, with the deletion's version and time", () => {
    const update = realtimeUpdateOf({ model: 'modules', id: 'CS101', version: 8, view: null }, sourceTsMs);

    expect(update).toEqual({
      type: 'ModuleRemoved',
      data: {
        channel: 'module:CS101',
        moduleId: 'CS101',
        version: 8,
        changedAt: new Date(sourceTsMs).toISOString(),
      },
    });
    if (update?.type !== 'ModuleRemoved') throw new Error('expected ModuleRemoved');
    expect(() => validateOutgoing(update.type, update.data)).not.toThrow();
  });

  it('tells nobody about a deleted registration row (registrations are cancelled, never deleted)', () => {
    expect(
      realtimeUpdateOf({ model: 'registrations', id: 'r', version: 8, view: null }, sourceTsMs),
    ).toBeUndefined();
  });
});
