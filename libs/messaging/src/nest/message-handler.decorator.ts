import { SetMetadata } from '@nestjs/common';

export const MESSAGE_HANDLER_METADATA = 'platform:message-handler';

/**
 * Marks a provider method as the handler of one message type:
 *
 *   @EventHandler('SeatReserved')
 *   async onSeatReserved(event: MessageOf<'SeatReserved'>, ctx: MessageContext) { ... }
 */
export const MessageHandler = (type: string): MethodDecorator => SetMetadata(MESSAGE_HANDLER_METADATA, type);

/** A handler of an event (past tense: `SeatReserved`). */
export const EventHandler = MessageHandler;

/** A handler of a command (imperative: `ReserveSeat`). */
export const CommandHandler = MessageHandler;
