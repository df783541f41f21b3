import { Logger } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';

/**
 * Fault-injection points for the crash tests. The service calls them at the moments a crash hurts
 * most; in production every hook does nothing.
 */
export interface PaymentFaults {
  /** The provider took the money and nothing is recorded on our side yet. */
  afterProviderCharge(command: MessageOf<'ChargePayment'>): void;
}

export const PAYMENT_FAULTS = Symbol('PaymentFaults');

export const noFaults: PaymentFaults = { afterProviderCharge: () => undefined };

/**
 * PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: SIGKILL the process right after the provider
 * charged that student, before the payments transaction, as a power cut would.
 */
export function crashAfterChargeFor(
  studentId: string | undefined,
  kill: () => void = () => process.kill(process.pid, 'SIGKILL'),
): PaymentFaults {
  if (studentId === undefined) return noFaults;
  const logger = new Logger('FaultInjection');
  logger.warn(`armed: crash after the provider charges student ${studentId}`);
  return {
    afterProviderCharge: (command) => {
      if (command.studentId !== studentId) return;
      logger.warn(`crashing after the charge of ${command.registrationId} for student ${studentId}`);
      kill();
    },
  };
}
