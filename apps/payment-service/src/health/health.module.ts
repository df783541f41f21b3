import { Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { HealthController } from './health.controller';
import { ConsumerReadiness } from './readiness';

// Default process metrics go to the registry the messaging runtime also uses, once per process.
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register });

@Module({
  controllers: [HealthController],
  providers: [ConsumerReadiness],
  exports: [ConsumerReadiness],
})
export class HealthModule {}
