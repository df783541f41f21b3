import type { MessageOf } from '@platform/contracts';
import { CommandHandler, EventHandler, MESSAGE_HANDLER_METADATA } from './message-handler.decorator';

// The decorators' types are the test: each @ts-expect-error fails the typecheck if the mistake
// under it compiles.
class Handlers {
  @EventHandler('SeatReserved')
  async onSeatReserved(_event: MessageOf<'SeatReserved'>): Promise<void> {}

  @CommandHandler('ReserveSeat')
  async onReserveSeat(_command: MessageOf<'ReserveSeat'>): Promise<void> {}

  // @ts-expect-error a typo is not a message of the catalog
  @EventHandler('SeatReservd')
  async onTypo(): Promise<void> {}

  // @ts-expect-error a command is not an event
  @EventHandler('ReserveSeat')
  async onCommandAsEvent(): Promise<void> {}

  // @ts-expect-error the parameter is another message than the one handled
  @EventHandler('SeatReserved')
  async onOtherMessage(_event: MessageOf<'SeatRejected'>): Promise<void> {}
}

describe('message handler decorators', () => {
  it('record the message type a method handles', () => {
    const typeOf = (method: keyof Handlers) =>
      Reflect.getMetadata(MESSAGE_HANDLER_METADATA, Handlers.prototype[method]) as string;
    expect(typeOf('onSeatReserved')).toBe('SeatReserved');
    expect(typeOf('onReserveSeat')).toBe('ReserveSeat');
  });
});
