import { createHash, randomUUID } from 'node:crypto';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProviderPort,
  ProviderDeclined,
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
  /** With a seed, the outcome of each attempt depends only on seed, registration id and attempt number. */
  readonly seed?: string;
}

export const defaultSimulatedProviderOptions: SimulatedProviderOptions = {
  latencyMs: 50,
  jitterMs: 50,
  failureRate: 0,
  hangRate: 0,
  declineRate: 0,
};

export type SimulatedOutcome = 'succeed' | 'fail' | 'hang' | 'decline';

interface LedgerEntry {
  readonly paymentId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** How many times money was taken; idempotency keeps it at 1. */
  timesCharged: number;
  refundId?: string;
}

/**
 * A stand-in for a card provider. Each attempt (the nth call for a registration) draws its outcome
 * and latency from hash(seed, operation, registrationId, n), so a seeded run replays exactly while a
 * retried call can still see a different outcome than the attempt before it.
 */
export class SimulatedProvider implements PaymentProviderPort {
  private readonly options: SimulatedProviderOptions;
  private readonly ledger = new Map<string, LedgerEntry>();
  private readonly attempts = new Map<string, number>();

  constructor(options: Partial<SimulatedProviderOptions> = {}) {
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
    const draw = this.nextDraw('charge', request.registrationId);
    await this.answer(draw, signal);
    const existing = this.ledger.get(request.registrationId);
    if (existing) return { paymentId: existing.paymentId };
    if (draw.outcome === 'decline') throw new ProviderDeclined(`card declined for ${request.registrationId}`);
    const paymentId = this.options.seed === undefined ? randomUUID() : `pay-${draw.hash.slice(0, 24)}`;
    this.ledger.set(request.registrationId, {
      paymentId,
      amountCents: request.amountCents,
      currency: request.currency,
      timesCharged: 1,
    });
    return { paymentId };
  }

  async refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult> {
    const draw = this.nextDraw('refund', request.registrationId);
    await this.answer(draw, signal);
    const entry = this.ledger.get(request.registrationId);
    if (!entry || entry.paymentId !== request.paymentId) {
      throw new ProviderDeclined(`no payment ${request.paymentId} for ${request.registrationId}`);
    }
    if (request.amountCents > entry.amountCents) {
      throw new ProviderDeclined(`refund of ${request.amountCents} exceeds the ${entry.amountCents} taken`);
    }
    entry.refundId ??= this.options.seed === undefined ? randomUUID() : `ref-${draw.hash.slice(0, 24)}`;
    return { refundId: entry.refundId };
  }

  /** How many times money was taken for the registration (0 or 1 unless idempotency is broken). */
  timesCharged(registrationId: string): number {
    return this.ledger.get(registrationId)?.timesCharged ?? 0;
  }

  isRefunded(registrationId: string): boolean {
    return this.ledger.get(registrationId)?.refundId !== undefined;
  }

  /** The outcome the next charge attempt for this registration will have, without consuming it. */
  peekOutcome(registrationId: string): SimulatedOutcome {
    return this.draw('charge', registrationId, this.attempts.get(`charge:${registrationId}`) ?? 0).outcome;
  }

  private nextDraw(operation: 'charge' | 'refund', registrationId: string): Draw {
    const key = `${operation}:${registrationId}`;
    const attempt = this.attempts.get(key) ?? 0;
    this.attempts.set(key, attempt + 1);
    return this.draw(operation, registrationId, attempt);
  }

  private draw(operation: 'charge' | 'refund', registrationId: string, attempt: number): Draw {
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
    return { hash, outcome, delayMs: latencyMs + Math.floor(jitterRoll * jitterMs) };
  }

  private async answer(draw: Draw, signal: AbortSignal | undefined): Promise<void> {
    if (draw.outcome === 'hang') {
      await waitForAbort(signal);
      return;
    }
    await sleep(draw.delayMs, signal);
    if (draw.outcome === 'fail') throw new ProviderUnavailable('provider answered 503');
  }
}

interface Draw {
  readonly hash: string;
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

/** Settles only when the caller gives up; without a signal it never settles, like a dead socket. */
function waitForAbort(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(abortError(signal));
    else signal.addEventListener('abort', () => reject(abortError(signal)), { once: true });
  });
}
