import {
  Global,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Config } from '../config';
import { ProviderLedgerDatabase } from '../database/database';
import { providerLedgerMigrations } from '../database/migrate';
import { PostgresProviderLedger } from './postgres-provider-ledger';
import { ProviderMetrics } from './provider.metrics';
import { GuardedPaymentProvider } from './provider.policies';
import { PAYMENT_PROVIDER } from './provider.port';
import { SimulatedProvider } from './simulated-provider';

/**
 * The simulated provider and the pool of its ledger as one unit, so the order holds: the ledger is
 * migrated before the consumer starts, and slow charges still running at the provider finish
 * before the pool closes (after the consumer drained).
 */
export class SimulatedProviderHost implements OnModuleInit, OnApplicationShutdown {
  readonly database: ProviderLedgerDatabase;
  readonly provider: SimulatedProvider;

  constructor(config: Pick<Config, 'databases' | 'simulator'>) {
    this.database = new ProviderLedgerDatabase(config.databases.provider, {
      migrations: providerLedgerMigrations,
    });
    this.provider = new SimulatedProvider(config.simulator, new PostgresProviderLedger(this.database));
  }

  onModuleInit(): Promise<void> {
    return this.database.onModuleInit();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.provider.drain();
    await this.database.onApplicationShutdown();
  }
}

/**
 * The payment provider as the service sees it: the simulated provider behind timeout, retry,
 * circuit breaker and bulkhead, whose events feed the provider metrics.
 */
@Global()
@Module({})
export class ProviderModule {
  static forRoot(config: Pick<Config, 'databases' | 'policies' | 'simulator'>): DynamicModule {
    return {
      module: ProviderModule,
      providers: [
        { provide: SimulatedProviderHost, useFactory: () => new SimulatedProviderHost(config) },
        {
          provide: PAYMENT_PROVIDER,
          inject: [SimulatedProviderHost],
          useFactory: (host: SimulatedProviderHost) =>
            new GuardedPaymentProvider(host.provider, config.policies, new ProviderMetrics().hooks()),
        },
      ],
      exports: [PAYMENT_PROVIDER, SimulatedProviderHost],
    };
  }
}
