export { PostgresDatabase } from './database/postgres-database';
export type { PostgresDatabaseOptions } from './database/postgres-database';
export { DatabaseModule } from './database/database.module';
export { HealthModule } from './health/health.module';
export type { HealthModuleOptions } from './health/health.module';
export type { HealthCheck, HealthChecks } from './health/health.checks';
export { ConsumerReadiness } from './health/consumer-readiness';
export { runCommand } from './cli/run-command';
export { HttpRouteInterceptor } from './http/http-route.interceptor';
