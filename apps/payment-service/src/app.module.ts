import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import { DatabaseModule, HealthModule } from '@platform/service-kit';
import type { Config } from './config';
import { PaymentDatabase } from './database/database';
import { paymentMigrations } from './database/migrate';
import { PaymentModule } from './payment/payment.module';
import { SERVICE } from './payment/payment.service';
import { ProviderModule } from './provider/provider.module';

@Module({})
export class AppModule {
  /** The overrides are for tests that run their own consumer group beside a running service. */
  static forRoot(
    config: Config,
    overrides: { groupId?: string; fromBeginning?: boolean } = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(
          PaymentDatabase,
          () =>
            new PaymentDatabase(config.databases.payment, {
              migrations: paymentMigrations,
              purgesOutbox: true,
            }),
        ),
        ProviderModule.forRoot(config),
        MessagingModule.forRoot({
          service: SERVICE,
          ...config.kafka,
          ...overrides,
        }),
        PaymentModule.forRoot(config),
        HealthModule.forRoot({ database: PaymentDatabase, consumer: true }),
      ],
    };
  }
}
