import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { PostgresDatabase } from './postgres-database';

type DatabaseClass<D extends PostgresDatabase> = abstract new (...args: never[]) => D;

/**
 * Makes an app's database injectable everywhere by its class. Nest calls its lifecycle hooks, so it
 * is migrated (and seeded) before the consumer starts and closed after the consumer drained.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot<D extends PostgresDatabase>(database: DatabaseClass<D>, create: () => D): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: database, useFactory: create }],
      exports: [database],
    };
  }
}
