import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { createMessage } from '@platform/messaging';
import { PAYMENT_PROVIDER, type PaymentProviderPort } from '../provider/provider.port';
import {
  PAYMENT_REPOSITORY,
  type PaymentRecord,
  type PaymentRepository,
  type PaymentTransaction,
  type ReconcileCriteria,
} from './payment.repository';
import { SERVICE, type PaymentFailureReason } from './payment.service';

export interface ReconcilerSettings {
  /** Pause between rounds; the first round runs at start. */
  readonly intervalMs: number;
  /** Failures older than this are not asked about any more. */
  readonly windowMs: number;
  /** Failures younger than this are not asked about yet: a charge may still land at the provider. */
  readonly settleMs: number;
  /** Only registration ids starting with this (empty: all), for an instance beside the service. */
  readonly registrationPrefix: string;
}

export const RECONCILER_SETTINGS = Symbol('ReconcilerSettings');

/**
 * `refunded`: money was taken after all and is given back; `nothing_taken`: marked, not asked
 * again; `pending`: a charge is still under way, asked again next round; `failed`: the provider or
 * the database failed, asked again next round.
 */
export type ReconcileOutcome = 'refunded' | 'nothing_taken' | 'pending' | 'failed';

export interface ReconcilerHooks {
  onReconciled?(outcome: ReconcileOutcome): void;
}

export const RECONCILER_HOOKS = Symbol('ReconcilerHooks');

/** Failures after which the provider may still have taken the money; a decline took nothing. */
export const unknownOutcomeCodes: readonly PaymentFailureReason['code'][] = [
  'PROVIDER_TIMEOUT',
  'PROVIDER_UNAVAILABLE',
  'UNKNOWN',
];

/**
 * Gives back money the provider took after we reported the payment failed (a charge that outlived
 * our timeout). Nobody else would: the saga cancelled on PaymentFailed and only refunds a payment
 * it saw confirmed. Each payment is looked up by its idempotency key and settled in one
 * transaction that keeps the row locked throughout, so another reconciler skips it and a
 * ChargePayment for the same registration waits and then finds it settled: money is never both
 * refunded and confirmed. The provider's refund is idempotent per key, so a crash before the
 * commit only repeats the refund's answer in the next round.
 */
@Injectable()
export class PaymentReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PaymentReconciler.name);
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;
  private stopping = false;

  constructor(
    /** Expected to be a GuardedPaymentProvider: lookups and refunds go through the same policies. */
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProviderPort,
    @Inject(PAYMENT_REPOSITORY) private readonly payments: PaymentRepository,
    @Inject(RECONCILER_SETTINGS) private readonly settings: ReconcilerSettings,
    @Inject(RECONCILER_HOOKS) private readonly hooks: ReconcilerHooks = {},
  ) {}

  onApplicationBootstrap(): void {
    this.stopping = false;
    this.schedule(0);
  }

  /** Stops the loop and waits for the payment being settled, before the pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: each payment that qualifies, in a transaction of its own, until none is left. */
  async reconcile(): Promise<ReconcileOutcome[]> {
    const tried: string[] = [];
    const outcomes: ReconcileOutcome[] = [];
    while (!this.stopping) {
      let current: string | undefined;
      const outcome = await this.payments
        .reconcileNext(this.criteria(tried), (payment, tx) => {
          current = payment.registrationId;
          tried.push(current);
          return this.settle(payment, tx);
        })
        .catch((error: unknown) => {
          if (current === undefined) throw error;
          this.logger.warn(`reconciling ${current} failed, asked again next round: ${messageOf(error)}`);
          return 'failed' as const;
        });
      if (outcome === undefined) break;
      outcomes.push(outcome);
      this.hooks.onReconciled?.(outcome);
    }
    return outcomes;
  }

  private criteria(excluding: readonly string[]): ReconcileCriteria {
    const { settleMs, windowMs, registrationPrefix } = this.settings;
    return { failureCodes: unknownOutcomeCodes, settleMs, windowMs, registrationPrefix, excluding };
  }

  private async settle(payment: PaymentRecord, tx: PaymentTransaction): Promise<ReconcileOutcome> {
    const { registrationId } = payment;
    const holding = await this.provider.lookup(registrationId);
    if (holding.status === 'pending') return 'pending';
    if (holding.status === 'none') {
      await tx.markReconciled(registrationId);
      return 'nothing_taken';
    }

    // Also when the provider shows it refunded: a crash after the refund and before our commit.
    const { refundId } = await this.provider.refund({ registrationId, amountCents: holding.amountCents });
    const amount = { amountCents: holding.amountCents, currency: holding.currency };
    // Ours, as for a charge we record: the payment was never confirmed, so no event named one yet.
    const paymentId = randomUUID();
    await tx.save(
      {
        registrationId,
        status: 'REFUNDED',
        ...amount,
        paymentId,
        providerReference: holding.reference,
        refundReference: refundId,
        ...(payment.cause ? { cause: payment.cause } : {}),
      },
      ['FAILED'],
    );
    await tx.markReconciled(registrationId);
    // Caused by the ChargePayment whose outcome was unknown, in its saga's correlation.
    await tx.publish(
      createMessage(
        SERVICE,
        'PaymentRefunded',
        { registrationId, paymentId, amount, refundedAt: new Date().toISOString() },
        payment.cause,
      ),
    );
    this.logger.warn(
      `refunded ${registrationId}: the provider took ${amount.amountCents} ${amount.currency} ` +
        `after the payment was reported ${payment.failure?.code ?? 'failed'}`,
    );
    return 'refunded';
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.round = this.reconcile()
        .then(
          () => undefined,
          (error: unknown) => this.logger.error(`reconcile round failed: ${messageOf(error)}`),
        )
        .then(() => this.schedule(this.settings.intervalMs));
    }, delayMs);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
