import { Module, type DynamicModule } from '@nestjs/common';
import type { Config } from '../config';
import { crashAfterChargeFor, PAYMENT_FAULTS } from '../fault/crash-after-charge';
import { PaymentCommandHandlers } from './payment.handlers';
import { ReconcilerMetrics } from './payment.metrics';
import { PaymentReconciler, RECONCILER_HOOKS, RECONCILER_SETTINGS } from './payment.reconciler';
import { PAYMENT_REPOSITORY } from './payment.repository';
import { PaymentService } from './payment.service';
import { PostgresPaymentRepository } from './postgres-payment.repository';

@Module({})
export class PaymentModule {
  static forRoot(config: Pick<Config, 'faults' | 'reconciler'>): DynamicModule {
    return {
      module: PaymentModule,
      providers: [
        { provide: PAYMENT_REPOSITORY, useClass: PostgresPaymentRepository },
        {
          provide: PAYMENT_FAULTS,
          useFactory: () => crashAfterChargeFor(config.faults.crashAfterChargeForStudent),
        },
        { provide: RECONCILER_SETTINGS, useValue: config.reconciler },
        { provide: RECONCILER_HOOKS, useFactory: () => new ReconcilerMetrics().hooks() },
        PaymentService,
        PaymentCommandHandlers,
        PaymentReconciler,
      ],
      exports: [PaymentService, PAYMENT_REPOSITORY],
    };
  }
}
