import { Inject, Injectable } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';
import { CommandHandler, type HandlerContext } from '@platform/messaging';
import { PaymentService } from './payment.service';

@Injectable()
export class PaymentCommandHandlers {
  constructor(@Inject(PaymentService) private readonly payments: PaymentService) {}

  @CommandHandler('ChargePayment')
  async onChargePayment(command: MessageOf<'ChargePayment'>, ctx: HandlerContext): Promise<void> {
    await this.payments.charge(command, ctx);
  }

  @CommandHandler('RefundPayment')
  async onRefundPayment(command: MessageOf<'RefundPayment'>, ctx: HandlerContext): Promise<void> {
    await this.payments.refund(command, ctx);
  }
}
