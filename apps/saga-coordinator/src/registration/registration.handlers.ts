import { Inject, Injectable } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';
import { EventHandler, type HandlerContext } from '@platform/messaging';
import { RegistrationSagaService } from './registration.service';

/**
 * The events that advance a registration saga. The other events of the consumed topics
 * (RegistrationCompleted, RegistrationCancelled, SeatConfirmed) have no handler here, and the
 * messaging runtime skips a type without a handler instead of dead-lettering it.
 */
@Injectable()
export class RegistrationSagaHandlers {
  constructor(@Inject(RegistrationSagaService) private readonly saga: RegistrationSagaService) {}

  @EventHandler('RegistrationRequested')
  async onRegistrationRequested(
    event: MessageOf<'RegistrationRequested'>,
    ctx: HandlerContext,
  ): Promise<void> {
    await this.saga.advance({ type: 'RegistrationRequested', data: event }, ctx);
  }

  @EventHandler('SeatReserved')
  async onSeatReserved(event: MessageOf<'SeatReserved'>, ctx: HandlerContext): Promise<void> {
    await this.saga.advance({ type: 'SeatReserved', data: event }, ctx);
  }

  @EventHandler('SeatRejected')
  async onSeatRejected(event: MessageOf<'SeatRejected'>, ctx: HandlerContext): Promise<void> {
    await this.saga.advance({ type: 'SeatRejected', data: event }, ctx);
  }

  @EventHandler('SeatReleased')
  async onSeatReleased(event: MessageOf<'SeatReleased'>, ctx: HandlerContext): Promise<void> {
    await this.saga.advance({ type: 'SeatReleased', data: event }, ctx);
  }

  @EventHandler('PaymentConfirmed')
  async onPaymentConfirmed(event: MessageOf<'PaymentConfirmed'>, ctx: HandlerContext): Promise<void> {
    await this.saga.advance({ type: 'PaymentConfirmed', data: event }, ctx);
  }

  @EventHandler('PaymentFailed')
  async onPaymentFailed(event: MessageOf<'PaymentFailed'>, ctx: HandlerContext): Promise<void> {
    await this.saga.advance({ type: 'PaymentFailed', data: event }, ctx);
  }

  @EventHandler('PaymentRefunded')
  async onPaymentRefunded(event: MessageOf<'PaymentRefunded'>, ctx: HandlerContext): Promise<void> {
    await this.saga.advance({ type: 'PaymentRefunded', data: event }, ctx);
  }
}
