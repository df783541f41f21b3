import {
  applyDecorators,
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type Type,
} from '@nestjs/common';
import type { Queryable } from '@platform/persistence';
import { collectDefaultMetrics, register, type Registry } from 'prom-client';
import { ConsumerReadiness } from './consumer-readiness';
import type { HealthChecks } from './health.checks';
import { HEALTH_CHECKS, HealthController, METRICS_REGISTRY } from './health.controller';

export interface HealthModuleOptions {
  /** The app's database provider: checked as `database`, up when it answers `SELECT 1`. */
  database?: InjectionToken;
  /** Provides and exports `ConsumerReadiness`, checked as `consumer` (last): up once `markStarted` ran. */
  consumer?: boolean;
  /** The app's own checks by name, between `database` and `consumer`; called with `inject`. */
  checks?: (...dependencies: never[]) => HealthChecks;
  inject?: InjectionToken[];
  /** Modules whose providers `checks` needs and that are not global. */
  imports?: ModuleMetadata['imports'];
  /** The registry /metrics serves; prom-client's default one (the messaging runtime's) if left out. */
  registry?: Registry;
  /** Extra decorators for the controller, such as an app's "no session needed" marker. */
  controllerDecorators?: ClassDecorator[];
}

/** /health/live, /health/ready (every check named, the failing ones with their reason) and /metrics. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    const registry = options.registry ?? register;
    // Default process metrics, once per registry and process.
    if (!registry.getSingleMetric('process_cpu_user_seconds_total'))
      collectDefaultMetrics({ register: registry });
    const readiness = options.consumer ? [ConsumerReadiness] : [];
    return {
      module: HealthModule,
      imports: options.imports ?? [],
      controllers: [decoratedController(options.controllerDecorators ?? [])],
      providers: [
        ...readiness,
        {
          provide: HEALTH_CHECKS,
          inject: [...(options.database ? [options.database] : []), ...readiness, ...(options.inject ?? [])],
          useFactory: (...dependencies: unknown[]): HealthChecks => {
            const db = options.database ? (dependencies.shift() as Queryable) : undefined;
            const consumer = options.consumer ? (dependencies.shift() as ConsumerReadiness) : undefined;
            return {
              ...(db && { database: () => db.query('SELECT 1') }),
              ...options.checks?.(...(dependencies as never[])),
              ...(consumer && { consumer: () => consumer.isStarted }),
            };
          },
        },
        { provide: METRICS_REGISTRY, useValue: registry },
      ],
      exports: readiness,
    };
  }
}

function decoratedController(decorators: ClassDecorator[]): Type<HealthController> {
  if (decorators.length === 0) return HealthController;
  class AppHealthController extends HealthController {}
  applyDecorators(...decorators)(AppHealthController);
  return AppHealthController;
}
