import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { Database } from './database';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: Pick<Config, 'database' | 'seedDemoStudents' | 'passwordHashCost'>): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: Database,
          useFactory: () =>
            new Database(config.database, {
              seedDemoStudents: config.seedDemoStudents,
              passwordHashCost: config.passwordHashCost,
            }),
        },
      ],
      exports: [Database],
    };
  }
}
