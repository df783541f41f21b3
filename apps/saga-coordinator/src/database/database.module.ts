import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { Database } from './database';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: Pick<Config, 'database'>): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: Database, useFactory: () => new Database(config.database) }],
      exports: [Database],
    };
  }
}
