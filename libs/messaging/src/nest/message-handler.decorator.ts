import { SetMetadata } from '@nestjs/common';
import type { CdcTopicName } from '@platform/contracts';
import type { CdcRecord } from '../cdc/cdc-record';
import type { ChangeContext } from './handler-context';

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

type ChangeHandlerMethod<T extends CdcTopicName> = (
  change: Exclude<CdcRecord<T>, { kind: 'tombstone' }>,
  context: ChangeContext,
) => Promise<void>;

/**
 * Marks a provider method as the handler of a Debezium CDC topic's row changes (tombstones carry
 * nothing and are skipped). The topic names the row type, so the method's parameter must match:
 *
 *   @ChangeHandler('cdc.seat_inventory.public.modules')
 *   async onModuleChanged(change: CdcRecord<'cdc.seat_inventory.public.modules'>) { ... }
 */
export function ChangeHandler<T extends CdcTopicName>(topic: T) {
  return <M extends ChangeHandlerMethod<T>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    SetMetadata(MESSAGE_HANDLER_METADATA, topic)(target, key, descriptor);
  };
}
