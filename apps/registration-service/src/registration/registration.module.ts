import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { ModuleCatalogModule } from '../module-catalog/module-catalog.module';
import { RegistrationController } from './registration.controller';
import { RegistrationEventStore } from './registration.event-store';
import { RegistrationCommandHandlers } from './registration.handlers';
import { RegistrationMetrics } from './registration.metrics';
import { RegistrationRepository } from './registration.repository';
import { REGISTRATION_SETTINGS, RegistrationService } from './registration.service';

@Module({})
export class RegistrationModule {
  static forRoot(config: Pick<Config, 'snapshotEvery'>): DynamicModule {
    return {
      module: RegistrationModule,
      imports: [ModuleCatalogModule],
      controllers: [RegistrationController],
      providers: [
        { provide: REGISTRATION_SETTINGS, useValue: { snapshotEvery: config.snapshotEvery } },
        RegistrationEventStore,
        RegistrationRepository,
        RegistrationService,
        RegistrationCommandHandlers,
        RegistrationMetrics,
      ],
      exports: [RegistrationService, RegistrationEventStore],
    };
  }
}
