import { SetMetadata } from '@nestjs/common';
import type { CdcTopicName, CommandType, EventType, MessageOf, MessageType } from '@platform/contracts';
import type { RowChange } from '../cdc/cdc-record';
import type { ChangeContext, HandlerContext } from './handler-context';

export const MESSAGE_HANDLER_METADATA = 'platform:message-handler';

type MessageHandlerMethod<T extends MessageType> = (
  message: MessageOf<T>,
  context: HandlerContext,
) => Promise<void>;

/** Records what a method handles (a message type or a CDC topic); the method must be a `Method`. */
function handles<Method>(name: string) {
  return <M extends Method>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    SetMetadata(MESSAGE_HANDLER_METADATA, name)(target, key, descriptor);
  };
}

/**
 * Marks a provider method as the handler of one event (past tense: `SeatReserved`); a name that is
 * not an event of the catalog, or a parameter of another message, does not compile:
 *
 *   @EventHandler('SeatReserved')
 *   async onSeatReserved(event: MessageOf<'SeatReserved'>, ctx: HandlerContext) { ... }
 */
export const EventHandler = <T extends EventType>(type: T) => handles<MessageHandlerMethod<T>>(type);

/** The same for a command (imperative: `ReserveSeat`). */
export const CommandHandler = <T extends CommandType>(type: T) => handles<MessageHandlerMethod<T>>(type);

type ChangeHandlerMethod<T extends CdcTopicName> = (
  change: RowChange<T>,
  context: ChangeContext,
) => Promise<void>;

/**
 * Marks a provider method as the handler of a Debezium CDC topic's row changes (tombstones carry
 * nothing and are skipped). The topic names the row type, so the method's parameter must match:
 *
 *   @ChangeHandler('cdc.seat_inventory.public.modules')
 *   async onModuleChanged(change: RowChange<'cdc.seat_inventory.public.modules'>) { ... }
 */
export const ChangeHandler = <T extends CdcTopicName>(topic: T) => handles<ChangeHandlerMethod<T>>(topic);
