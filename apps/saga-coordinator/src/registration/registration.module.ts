import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { DEADLINE_POLL_INTERVAL_MS, DeadlinePoller } from './registration.deadlines';
import { RegistrationSagaHandlers } from './registration.handlers';
import { SagaMetrics } from './registration.metrics';
import { SagaRepository } from './registration.repository';
import { RegistrationSagaService, SAGA_SETTINGS } from './registration.service';

@Module({})
export class RegistrationSagaModule {
  static forRoot(config: Pick<Config, 'saga' | 'deadlinePollIntervalMs'>): DynamicModule {
    return {
      module: RegistrationSagaModule,
      providers: [
        { provide: SAGA_SETTINGS, useValue: config.saga },
        { provide: DEADLINE_POLL_INTERVAL_MS, useValue: config.deadlinePollIntervalMs },
        SagaRepository,
        SagaMetrics,
        RegistrationSagaService,
        RegistrationSagaHandlers,
        DeadlinePoller,
      ],
      exports: [RegistrationSagaService, SagaRepository],
    };
  }
}
