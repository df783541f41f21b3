import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SkipThrottle, ThrottlerModule } from '@nestjs/throttler';
import { MessagingModule } from '@platform/messaging';
import { DatabaseModule, HealthModule } from '@platform/service-kit';
import type { Config } from './config';
import { Database } from './database/database';
import { HttpMetricsMiddleware } from './http/http-metrics.middleware';
import { InFlightLimiter, MAX_IN_FLIGHT_REQUESTS } from './http/in-flight.limiter';
import { StudentThrottlerGuard } from './http/student-throttler.guard';
import { ModulesModule } from './modules/modules.module';
import { ReadModelsModule } from './modules/read-models.module';
import { OpenApiController } from './openapi/openapi.controller';
import { RegistrationModule } from './registration/registration.module';
import { SERVICE } from './registration/registration.service';
import { Public, type AuthenticatedRequest } from './sessions/session.decorators';
import { SessionGuard } from './sessions/session.guard';
import { SessionsModule } from './sessions/sessions.module';

@Module({})
export class AppModule implements NestModule {
  /** The overrides are for tests that run their own consumer group beside a running service. */
  static forRoot(
    config: Config,
    overrides: { groupId?: string; fromBeginning?: boolean } = {},
  ): DynamicModule {
    const { windowMs, perStudent, perAddress } = config.throttle;
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forRoot(
          Database,
          () =>
            new Database(config.database, {
              seedDemoStudents: config.seedDemoStudents,
              passwordHashCost: config.passwordHashCost,
            }),
        ),
        ReadModelsModule.forRoot(config),
        MessagingModule.forRoot({
          service: SERVICE,
          ...config.kafka,
          ...overrides,
        }),
        ThrottlerModule.forRoot({
          errorMessage: 'too many requests',
          throttlers: [
            {
              ttl: windowMs,
              limit: (context) =>
                context.switchToHttp().getRequest<AuthenticatedRequest>().student ? perStudent : perAddress,
            },
          ],
        }),
        SessionsModule.forRoot(config),
        RegistrationModule.forRoot(config),
        ModulesModule,
        // Redis is not a readiness check: it is a cache here, and registrations are taken without
        // it, so losing it must not take the service out of rotation (GET /modules answers 503).
        HealthModule.forRoot({
          database: Database,
          consumer: true,
          controllerDecorators: [Public(), SkipThrottle()],
        }),
      ],
      controllers: [OpenApiController],
      providers: [
        { provide: MAX_IN_FLIGHT_REQUESTS, useValue: config.maxInFlightRequests },
        InFlightLimiter,
        // Guards run in this order: authenticate first, so the throttler can key by student.
        { provide: APP_GUARD, useExisting: SessionGuard },
        { provide: APP_GUARD, useClass: StudentThrottlerGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware, InFlightLimiter).forRoutes('*');
  }
}
