import { PostgresDatabase } from '@platform/service-kit';

/** The service's own database, `payment`: payments, inbox and outbox. */
export class PaymentDatabase extends PostgresDatabase {}

/** The simulated provider's books, `payment_provider`; in production this is the provider's side. */
export class ProviderLedgerDatabase extends PostgresDatabase {}
