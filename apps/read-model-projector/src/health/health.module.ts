import { Module, type DynamicModule } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { HealthController } from './health.controller';

// Default process metrics go to the registry the projector's metrics also use, once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register });

@Module({})
export class HealthModule {
  /** `projection` is the app's ProjectionModule, whose consumer the readiness check asks. */
  static forRoot(projection: DynamicModule): DynamicModule {
    return { module: HealthModule, imports: [projection], controllers: [HealthController] };
  }
}
