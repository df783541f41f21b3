import { Logger } from '@nestjs/common';
import { crashAfterChargeFor, noFaults } from './crash-after-charge';

const command = (studentId: string) => ({
  registrationId: 'reg-1',
  studentId,
  amount: { amountCents: 100, currency: 'EUR' },
});

describe(crashAfterChargeFor.name, () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('does nothing unless armed', () => {
    expect(crashAfterChargeFor(undefined)).toBe(noFaults);
  });

  it('kills the process only after a charge for the armed student', () => {
    const kill = jest.fn();
    const faults = crashAfterChargeFor('stu-1', kill);

    faults.afterProviderCharge(command('stu-2'));
    expect(kill).not.toHaveBeenCalled();
    faults.afterProviderCharge(command('stu-1'));
    expect(kill).toHaveBeenCalledTimes(1);
  });
});
