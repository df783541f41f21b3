import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { crashAfterChargeFor, PAYMENT_FAULTS } from '../fault/crash-after-charge';
import { PaymentCommandHandlers } from './payment.handlers';
import { PAYMENT_REPOSITORY } from './payment.repository';
import { PaymentService } from './payment.service';
import { PostgresPaymentRepository } from './postgres-payment.repository';

@Module({})
export class PaymentModule {
  static forRoot(config: Pick<Config, 'faults'>): DynamicModule {
    return {
      module: PaymentModule,
      providers: [
        { provide: PAYMENT_REPOSITORY, useClass: PostgresPaymentRepository },
        {
          provide: PAYMENT_FAULTS,
          useFactory: () => crashAfterChargeFor(config.faults.crashAfterChargeForStudent),
        },
        PaymentService,
        PaymentCommandHandlers,
      ],
      exports: [PaymentService, PAYMENT_REPOSITORY],
    };
  }
}
