import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';
import {
  createMessage,
  DependencyUnavailableError,
  NonRetriableError,
  RetriableError,
  type HandlerContext,
} from '@platform/messaging';
import { noFaults, PAYMENT_FAULTS, type PaymentFaults } from '../fault/crash-after-charge';
import { BulkheadFull, CircuitOpen } from '../provider/provider.policies';
import {
  PAYMENT_PROVIDER,
  type PaymentProviderPort,
  ProviderDeclined,
  ProviderTimeout,
  ProviderUnavailable,
} from '../provider/provider.port';
import { PAYMENT_REPOSITORY, type PaymentRecord, type PaymentRepository } from './payment.repository';

export const SERVICE = 'payment-service';

export type PaymentFailureReason = MessageOf<'PaymentFailed'>['reason'];

export type ChargeOutcome =
  | { readonly kind: 'confirmed'; readonly paymentId: string }
  | { readonly kind: 'failed'; readonly reason: PaymentFailureReason }
  /** The message was handled before, or the registration's payment was settled by an earlier command. */
  | { readonly kind: 'unchanged' };

export type RefundOutcome =
  { readonly kind: 'refunded'; readonly refundId: string } | { readonly kind: 'unchanged' };

export type ChargeCommand = MessageOf<'ChargePayment'>;
export type RefundCommand = MessageOf<'RefundPayment'>;

type Context = Pick<HandlerContext, 'messageId' | 'cause'>;

/** The provider refused the refund for good (nothing taken, or a different payment): a dead letter, not a retry. */
export class RefundRefused extends NonRetriableError {
  override readonly name = 'RefundRefused';
}

/** The provider could not be reached for the refund; the runtime retries the command. */
export class RefundNotYetPossible extends RetriableError {
  override readonly name = 'RefundNotYetPossible';
}

/**
 * The payment rules. The registration id is the idempotency key towards the provider, so asking
 * again after a crash gets the same charge back, never a second one. The provider call never sits
 * inside a database transaction: it runs first, and then one transaction records the inbox row,
 * the payment and the event, so all of that commits or none does.
 */
@Injectable()
export class PaymentService {
  private readonly logger = new Logger(PaymentService.name);

  constructor(
    /** Expected to be a GuardedPaymentProvider, so its errors include CircuitOpen and BulkheadFull. */
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProviderPort,
    @Inject(PAYMENT_REPOSITORY) private readonly payments: PaymentRepository,
    @Inject(PAYMENT_FAULTS) private readonly faults: PaymentFaults = noFaults,
  ) {}

  async charge(command: ChargeCommand, ctx: Context): Promise<ChargeOutcome> {
    const { registrationId, amount } = command;
    const { delivered, payment: recorded } = await this.payments.lookUp(ctx.messageId, registrationId);
    if (delivered) return { kind: 'unchanged' };
    if (recorded && recorded.status !== 'FAILED') {
      this.logger.warn(`ChargePayment for ${registrationId}, already ${recorded.status}: not charged again`);
      await this.payments.transaction((tx) => tx.firstDelivery(ctx.messageId));
      return { kind: 'unchanged' };
    }

    const outcome = await this.askProvider(command);
    if (outcome.kind === 'charged') this.faults.afterProviderCharge(command);

    return this.payments.transaction(async (tx): Promise<ChargeOutcome> => {
      if (!(await tx.firstDelivery(ctx.messageId))) return { kind: 'unchanged' };
      const at = new Date().toISOString();
      // Only a failed attempt is replaced: a payment settled meanwhile by another command stays, and its event was sent.
      if (outcome.kind === 'failed') {
        const failed = {
          registrationId,
          status: 'FAILED',
          ...amount,
          failure: outcome.reason,
          cause: ctx.cause,
        } as const;
        if (!(await tx.save(failed, ['FAILED']))) return { kind: 'unchanged' };
        await tx.publish(
          createMessage(
            SERVICE,
            'PaymentFailed',
            { registrationId, reason: outcome.reason, failedAt: at },
            ctx.cause,
          ),
        );
        return outcome;
      }
      const paymentId = randomUUID();
      const charged = {
        registrationId,
        status: 'CHARGED',
        ...amount,
        paymentId,
        providerReference: outcome.reference,
      } as const;
      if (!(await tx.save(charged, ['FAILED']))) return { kind: 'unchanged' };
      await tx.publish(
        createMessage(
          SERVICE,
          'PaymentConfirmed',
          { registrationId, paymentId, amount, confirmedAt: at },
          ctx.cause,
        ),
      );
      return { kind: 'confirmed', paymentId };
    });
  }

  async refund(command: RefundCommand, ctx: Context): Promise<RefundOutcome> {
    const { registrationId, paymentId, amount } = command;
    const { delivered, payment: recorded } = await this.payments.lookUp(ctx.messageId, registrationId);
    if (delivered) return { kind: 'unchanged' };
    if (recorded?.status === 'REFUNDED') {
      await this.payments.transaction((tx) => tx.firstDelivery(ctx.messageId));
      return { kind: 'unchanged' };
    }
    if (recorded?.paymentId !== undefined && recorded.paymentId !== paymentId) {
      throw new RefundRefused(
        `RefundPayment names ${paymentId}, but ${registrationId} was paid by ${recorded.paymentId}`,
      );
    }

    let refundId: string;
    try {
      ({ refundId } = await this.provider.refund({ registrationId, amountCents: amount.amountCents }));
    } catch (error) {
      const reason = failureReason(error);
      const text = `refund of ${registrationId} failed: ${reason.code}: ${reason.message}`;
      throw reason.code === 'DECLINED' ? new RefundRefused(text) : new RefundNotYetPossible(text);
    }

    return this.payments.transaction(async (tx): Promise<RefundOutcome> => {
      if (!(await tx.firstDelivery(ctx.messageId))) return { kind: 'unchanged' };
      const current = await tx.lockByRegistration(registrationId);
      if (!(await tx.save(refunded(current, command, refundId), ['CHARGED', 'FAILED'])))
        return { kind: 'unchanged' };
      await tx.publish(
        createMessage(
          SERVICE,
          'PaymentRefunded',
          { registrationId, paymentId, amount, refundedAt: new Date().toISOString() },
          ctx.cause,
        ),
      );
      return { kind: 'refunded', refundId };
    });
  }

  private async askProvider(
    command: ChargeCommand,
  ): Promise<{ kind: 'charged'; reference: string } | { kind: 'failed'; reason: PaymentFailureReason }> {
    const { registrationId, amount } = command;
    try {
      const { paymentId } = await this.provider.charge({
        registrationId,
        amountCents: amount.amountCents,
        currency: amount.currency,
      });
      return { kind: 'charged', reference: paymentId };
    } catch (error) {
      // Nothing was asked of the provider: the command waits for room instead of failing the
      // registration. A full bulkhead is backpressure, not a fault of the message, so it is
      // retried for as long as it lasts (never dead-lettered); the saga's deadline bounds the wait.
      if (error instanceof BulkheadFull) throw new DependencyUnavailableError('payment provider', error);
      return { kind: 'failed', reason: failureReason(error) };
    }
  }
}

/** The payment after its refund; a refund for money we never recorded (a charge that landed late) gets a row too. */
function refunded(
  current: PaymentRecord | undefined,
  command: RefundCommand,
  refundId: string,
): PaymentRecord {
  const { failure: _failure, ...rest } = current ?? {
    registrationId: command.registrationId,
    amountCents: command.amount.amountCents,
    currency: command.amount.currency,
  };
  return {
    ...rest,
    status: 'REFUNDED',
    paymentId: current?.paymentId ?? command.paymentId,
    refundReference: refundId,
  };
}

export function failureReason(error: unknown): PaymentFailureReason {
  const message = error instanceof Error && error.message ? error.message : String(error) || 'unknown error';
  if (error instanceof ProviderDeclined) return { code: 'DECLINED', message };
  if (error instanceof ProviderTimeout) return { code: 'PROVIDER_TIMEOUT', message };
  // An open breaker means the provider is not reachable now, as far as the saga cares.
  if (error instanceof ProviderUnavailable || error instanceof CircuitOpen) {
    return { code: 'PROVIDER_UNAVAILABLE', message };
  }
  return { code: 'UNKNOWN', message };
}
