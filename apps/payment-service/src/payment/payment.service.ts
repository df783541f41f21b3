import type { MessageOf } from '@platform/contracts';
import { BulkheadFull, CircuitOpen } from '../provider/provider.policies';
import {
  type PaymentProviderPort,
  ProviderDeclined,
  ProviderTimeout,
  ProviderUnavailable,
} from '../provider/provider.port';
import type { PaymentRepository } from './payment.repository';

export type PaymentFailureReason = MessageOf<'PaymentFailed'>['reason'];

export type ChargeOutcome =
  | { readonly kind: 'confirmed'; readonly paymentId: string }
  | { readonly kind: 'failed'; readonly reason: PaymentFailureReason };

export type RefundOutcome =
  | { readonly kind: 'refunded'; readonly refundId: string }
  | { readonly kind: 'failed'; readonly reason: PaymentFailureReason };

export type ChargeCommand = Pick<MessageOf<'ChargePayment'>, 'registrationId' | 'amount'>;
export type RefundCommand = MessageOf<'RefundPayment'>;

/**
 * The payment rules, free of I/O: the registration id is the idempotency key, so a repeated charge
 * answers with the recorded payment and the provider (which is idempotent too) is asked at most once
 * per delivery that finds nothing recorded.
 */
export class PaymentService {
  constructor(
    /** Expected to be a GuardedPaymentProvider, so its errors include CircuitOpen and BulkheadFull. */
    private readonly provider: PaymentProviderPort,
    private readonly payments: PaymentRepository,
  ) {}

  async charge(command: ChargeCommand): Promise<ChargeOutcome> {
    const { registrationId, amount } = command;
    const recorded = await this.payments.findByRegistration(registrationId);
    if (recorded) return { kind: 'confirmed', paymentId: recorded.paymentId };
    let paymentId: string;
    try {
      ({ paymentId } = await this.provider.charge({
        registrationId,
        amountCents: amount.amountCents,
        currency: amount.currency,
      }));
    } catch (error) {
      return { kind: 'failed', reason: failureReason(error) };
    }
    // Outside the try: money was taken, so a storage error must surface (and the command be redelivered),
    // never turn into PaymentFailed.
    await this.payments.saveConfirmed({ registrationId, paymentId, ...amount });
    return { kind: 'confirmed', paymentId };
  }

  async refund(command: RefundCommand): Promise<RefundOutcome> {
    const { registrationId, paymentId, amount } = command;
    const recorded = await this.payments.findByRegistration(registrationId);
    if (recorded?.refundId !== undefined) return { kind: 'refunded', refundId: recorded.refundId };
    let refundId: string;
    try {
      ({ refundId } = await this.provider.refund({
        registrationId,
        paymentId,
        amountCents: amount.amountCents,
      }));
    } catch (error) {
      return { kind: 'failed', reason: failureReason(error) };
    }
    if (recorded) await this.payments.saveRefund(registrationId, refundId);
    return { kind: 'refunded', refundId };
  }
}

export function failureReason(error: unknown): PaymentFailureReason {
  const message = error instanceof Error && error.message ? error.message : String(error) || 'unknown error';
  if (error instanceof ProviderDeclined) return { code: 'DECLINED', message };
  if (error instanceof ProviderTimeout) return { code: 'PROVIDER_TIMEOUT', message };
  // An open breaker or a full bulkhead means the provider is not reachable now, as far as the saga cares.
  if (error instanceof ProviderUnavailable || error instanceof CircuitOpen || error instanceof BulkheadFull) {
    return { code: 'PROVIDER_UNAVAILABLE', message };
  }
  return { code: 'UNKNOWN', message };
}
