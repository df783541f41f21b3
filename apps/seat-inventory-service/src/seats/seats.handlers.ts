import { Inject, Injectable } from '@nestjs/common';
import type { MessageOf } from '@platform/contracts';
import { CommandHandler, type HandlerContext } from '@platform/messaging';
import { SeatsService } from './seats.service';

@Injectable()
export class SeatCommandHandlers {
  constructor(@Inject(SeatsService) private readonly seats: SeatsService) {}

  @CommandHandler('ReserveSeat')
  async onReserveSeat(command: MessageOf<'ReserveSeat'>, ctx: HandlerContext): Promise<void> {
    await this.seats.reserve(command, ctx);
  }

  @CommandHandler('ConfirmSeat')
  async onConfirmSeat(command: MessageOf<'ConfirmSeat'>, ctx: HandlerContext): Promise<void> {
    await this.seats.confirm(command, ctx);
  }

  @CommandHandler('ReleaseSeat')
  async onReleaseSeat(command: MessageOf<'ReleaseSeat'>, ctx: HandlerContext): Promise<void> {
    await this.seats.release(command, ctx);
  }
}
