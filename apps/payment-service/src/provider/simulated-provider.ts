import { createHash, randomUUID } from 'node:crypto';
import { InMemoryProviderLedger, type LedgerCharge, type ProviderLedger } from './provider-ledger';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProviderPort,
  ProviderDeclined,
  type ProviderHolding,
  ProviderUnavailable,
  type RefundRequest,
  type RefundResult,
} from './provider.port';

export interface SimulatedProviderOptions {
  /** Base answer time in ms. */
  readonly latencyMs: number;
  /** Up to this many ms are added at random to each answer. */
  readonly jitterMs: number;
  /** Share of calls (0..1) answered with ProviderUnavailable. */
  readonly failureRate: number;
  /** Share of calls (0..1) that never answer (until the caller aborts). */
  readonly hangRate: number;
  /** Share of charges (0..1) declined. Refunds are never declined by chance. */
  readonly declineRate: number;
  /** How long a charge of a "slow" magic amount (…93) takes before the money is taken. */
  readonly hangMs: number;
  /** With a seed, each attempt's outcome and each charge's reference depend only on seed and registration. */
  readonly seed?: string;
}

export const defaultSimulatedProviderOptions: SimulatedProviderOptions = {
  latencyMs: 50,
  jitterMs: 50,
  failureRate: 0,
  hangRate: 0,
  declineRate: 0,
  hangMs: 20_000,
};

/**
 * Amounts that behave the same on every attempt, like a card network's test numbers: the last two
 * digits of the amount in cents decide.
 */
export const magicAmountCents = { declined: 91, unavailable: 92, slowSuccess: 93 } as const;

export type MagicAmount = keyof typeof magicAmountCents;

export function magicAmountOf(amountCents: number): MagicAmount | undefined {
  const lastTwoDigits = amountCents % 100;
  return (Object.keys(magicAmountCents) as MagicAmount[]).find(
    (name) => magicAmountCents[name] === lastTwoDigits,
  );
}

export type SimulatedOutcome = 'succeed' | 'fail' | 'hang' | 'decline';

/**
 * A stand-in for a card provider with idempotency keys. Each attempt (the nth call for a
 * registration in this process) draws its outcome and latency from hash(seed, operation,
 * registrationId, n), so a seeded run replays exactly while a retried call can still see a
 * different outcome than the attempt before it. The money is in the ledger: whatever the provider
 * took under a key is answered again, never taken twice.
 */
export class SimulatedProvider implements PaymentProviderPort {
  readonly options: SimulatedProviderOptions;
  private readonly attempts = new Map<string, number>();
  /** Slow charges still running at the provider, whether or not their caller still waits. */
  private readonly pending = new Map<string, Promise<LedgerCharge>>();

  constructor(
    options: Partial<SimulatedProviderOptions> = {},
    readonly ledger: ProviderLedger = new InMemoryProviderLedger(),
  ) {
    this.options = { ...defaultSimulatedProviderOptions, ...options };
    const { failureRate, hangRate, declineRate } = this.options;
    for (const [name, rate] of Object.entries({ failureRate, hangRate, declineRate })) {
      if (rate < 0 || rate > 1) throw new RangeError(`${name} must be within 0..1, got ${rate}`);
    }
    if (failureRate + hangRate + declineRate > 1) {
      throw new RangeError('failureRate + hangRate + declineRate must not exceed 1');
    }
  }

  async charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult> {
    const key = request.registrationId;
    const draw = this.nextDraw('charge', key);
    await this.answer(draw, signal);
    const magic = magicAmountOf(request.amountCents);
    if (magic === 'unavailable') throw new ProviderUnavailable(`provider answered 503 for ${key}`);

    const declined = magic === 'declined' || draw.outcome === 'decline';
    if (!declined && magic !== 'slowSuccess') {
      // The ledger keeps a charge the key already holds, so a repeat gets the first one back.
      return { paymentId: (await this.ledger.addCharge(this.chargeOf(request))).reference };
    }
    const existing = await this.ledger.findCharge(key);
    if (existing) return { paymentId: existing.reference };
    if (declined) throw new ProviderDeclined(`card declined for ${key}`);
    return { paymentId: (await untilAborted(this.slowCharge(request), signal)).reference };
  }

  async refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult> {
    const key = request.registrationId;
    const draw = this.nextDraw('refund', key);
    await this.answer(draw, signal);
    const charge = await this.ledger.findCharge(key);
    if (!charge) throw new ProviderDeclined(`no payment taken for ${key}`);
    if (request.amountCents > charge.amountCents) {
      throw new ProviderDeclined(`refund of ${request.amountCents} exceeds the ${charge.amountCents} taken`);
    }
    const refund = await this.ledger.addRefund({
      idempotencyKey: key,
      amountCents: request.amountCents,
      reference: this.referenceOf('ref', key),
    });
    return { refundId: refund.reference };
  }

  async lookup(registrationId: string, signal?: AbortSignal): Promise<ProviderHolding> {
    await this.answer(this.nextDraw('lookup', registrationId), signal);
    const charge = await this.ledger.findCharge(registrationId);
    if (charge) {
      const { reference, amountCents, currency } = charge;
      return {
        status: charge.status === 'REFUNDED' ? 'refunded' : 'captured',
        reference,
        amountCents,
        currency,
      };
    }
    return this.pending.has(registrationId) ? { status: 'pending' } : { status: 'none' };
  }

  /** Waits for the slow charges still running, as the service does before its pools close. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()]);
  }

  /** The outcome the next charge attempt for this registration will have, without consuming it. */
  peekOutcome(registrationId: string): SimulatedOutcome {
    return this.draw('charge', registrationId, this.attempts.get(`charge:${registrationId}`) ?? 0).outcome;
  }

  /**
   * The provider takes `hangMs` and then takes the money, whether or not the caller gave up
   * meanwhile: the charge lands in the ledger late, as at a real provider after a client timeout.
   */
  private slowCharge(request: ChargeRequest): Promise<LedgerCharge> {
    const key = request.registrationId;
    let charge = this.pending.get(key);
    if (!charge) {
      charge = sleep(this.options.hangMs, undefined)
        .then(() => this.ledger.addCharge(this.chargeOf(request)))
        .finally(() => this.pending.delete(key));
      // Nobody may be waiting any more; the failure still reaches a caller that is.
      charge.catch(() => undefined);
      this.pending.set(key, charge);
    }
    return charge;
  }

  private chargeOf(request: ChargeRequest): Omit<LedgerCharge, 'status'> {
    return {
      idempotencyKey: request.registrationId,
      amountCents: request.amountCents,
      currency: request.currency,
      reference: this.referenceOf('pay', request.registrationId),
    };
  }

  private referenceOf(prefix: 'pay' | 'ref', key: string): string {
    if (this.options.seed === undefined) return `${prefix}-${randomUUID()}`;
    const hash = createHash('sha256').update(`${this.options.seed}\0${prefix}\0${key}`).digest('hex');
    return `${prefix}-${hash.slice(0, 24)}`;
  }

  private nextDraw(operation: Operation, registrationId: string): Draw {
    const key = `${operation}:${registrationId}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    return this.draw(operation, registrationId, attempt);
  }

  private draw(operation: Operation, registrationId: string, attempt: number): Draw {
    const { seed, failureRate, hangRate, declineRate, latencyMs, jitterMs } = this.options;
    const hash =
      seed === undefined
        ? randomUUID().replaceAll('-', '')
        : createHash('sha256').update(`${seed}\0${operation}\0${registrationId}\0${attempt}`).digest('hex');
    const outcomeRoll = parseInt(hash.slice(0, 8), 16) / 0x1_0000_0000;
    const jitterRoll = parseInt(hash.slice(8, 16), 16) / 0x1_0000_0000;
    const declineShare = operation === 'charge' ? declineRate : 0;
    let outcome: SimulatedOutcome = 'succeed';
    if (outcomeRoll < failureRate) outcome = 'fail';
    else if (outcomeRoll < failureRate + hangRate) outcome = 'hang';
    else if (outcomeRoll < failureRate + hangRate + declineShare) outcome = 'decline';
    return { outcome, delayMs: latencyMs + Math.floor(jitterRoll * jitterMs) };
  }

  private async answer(draw: Draw, signal: AbortSignal | undefined): Promise<void> {
    if (draw.outcome === 'hang') {
      await untilAborted(new Promise<never>(() => undefined), signal);
      return;
    }
    await sleep(draw.delayMs, signal);
    if (draw.outcome === 'fail') throw new ProviderUnavailable('provider answered 503');
  }
}

type Operation = 'charge' | 'refund' | 'lookup';

interface Draw {
  readonly outcome: SimulatedOutcome;
  readonly delayMs: number;
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `work`'s result, or the abort if the caller gives up first; without a signal, just `work`. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
