import { passesFilter, registrationsPass, seatsPass } from './subscription.filter';

const seats = (available: number) => ({ type: 'SeatAvailableChanged' as const, data: { available } });
const status = { type: 'RegistrationStatusChanged' as const, data: { status: 'COMPLETED' } };
const removed = { type: 'ModuleRemoved' as const, data: { moduleId: 'CS101' } };

describe('subscription filters', () => {
  it('passes everything without a filter', () => {
    expect(passesFilter(undefined, seats(5))).toBe(true);
    expect(passesFilter(undefined, status)).toBe(true);
  });

  it('keeps only the listed event types', () => {
    const filter = { types: ['RegistrationStatusChanged' as const] };
    expect(passesFilter(filter, seats(5))).toBe(false);
    expect(passesFilter(filter, status)).toBe(true);
    expect(passesFilter(filter, removed)).toBe(false);
    expect(passesFilter({ types: ['ModuleRemoved' as const] }, removed)).toBe(true);
    expect(seatsPass(filter, 0)).toBe(false);
    expect(registrationsPass(filter)).toBe(true);
  });

  it('keeps seat events at or below availableAtMost and leaves other types alone', () => {
    const filter = { availableAtMost: 3 };
    expect(passesFilter(filter, seats(3))).toBe(true);
    expect(passesFilter(filter, seats(4))).toBe(false);
    expect(passesFilter(filter, status)).toBe(true);
    // A removed module has no seats to compare: whoever watches it must learn it is gone.
    expect(passesFilter(filter, removed)).toBe(true);
    expect(seatsPass(filter, 2)).toBe(true);
    expect(seatsPass(filter, 9)).toBe(false);
  });
});
