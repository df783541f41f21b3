export interface ChargeRequest {
  /** The idempotency key: a provider takes money at most once per registration. */
  readonly registrationId: string;
  readonly amountCents: number;
  readonly currency: string;
}

export interface ChargeResult {
  readonly paymentId: string;
}

export interface RefundRequest {
  /** The charge's idempotency key: the provider refunds what it took under it, at most once. */
  readonly registrationId: string;
  readonly amountCents: number;
}

export interface RefundResult {
  readonly refundId: string;
}

/** What the provider holds under an idempotency key. */
export type ProviderHolding =
  /** Nothing taken, and no charge under way. */
  | { readonly status: 'none' }
  /** A charge under the key is still being processed; ask again later. */
  | { readonly status: 'pending' }
  | {
      readonly status: 'captured' | 'refunded';
      readonly reference: string;
      readonly amountCents: number;
      readonly currency: string;
    };

export interface PaymentProviderPort {
  charge(request: ChargeRequest, signal?: AbortSignal): Promise<ChargeResult>;
  refund(request: RefundRequest, signal?: AbortSignal): Promise<RefundResult>;
  /** What was taken (and given back) under the registration's key; answers, changes nothing. */
  lookup(registrationId: string, signal?: AbortSignal): Promise<ProviderHolding>;
}

/** The provider said no (card declined, unknown payment); a business outcome, never retried. */
export class ProviderDeclined extends Error {
  override readonly name = 'ProviderDeclined';
}

/** The provider could not be reached or answered with a server error; worth retrying. */
export class ProviderUnavailable extends Error {
  override readonly name = 'ProviderUnavailable';
}

/** The provider did not answer in time; worth retrying, as the registration id keeps it idempotent. */
export class ProviderTimeout extends Error {
  override readonly name = 'ProviderTimeout';
}

export const isTransientProviderError = (error: unknown): error is ProviderUnavailable | ProviderTimeout =>
  error instanceof ProviderUnavailable || error instanceof ProviderTimeout;

/** The guarded provider the payment rules talk to. */
export const PAYMENT_PROVIDER = Symbol('PaymentProvider');
