import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { PaymentDatabase } from './database';
import { paymentMigrations } from './migrate';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: Pick<Config, 'databases'>): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: PaymentDatabase,
          useFactory: () => new PaymentDatabase(config.databases.payment, paymentMigrations),
        },
      ],
      exports: [PaymentDatabase],
    };
  }
}
