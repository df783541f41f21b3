import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@platform/messaging';
import { DatabaseModule, HealthModule } from '@platform/service-kit';
import type { Config } from './config';
import { Database } from './database/database';
import { RegistrationSagaModule } from './registration/registration.module';
import { SERVICE } from './registration/registration.service';

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
        DatabaseModule.forRoot(Database, () => new Database(config.database)),
        MessagingModule.forRoot({
          service: SERVICE,
          ...config.kafka,
          ...overrides,
        }),
        RegistrationSagaModule.forRoot(config),
        HealthModule.forRoot({ database: Database, consumer: true }),
      ],
    };
  }
}
