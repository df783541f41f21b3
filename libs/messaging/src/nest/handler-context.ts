import type { ReceivedEnvelope } from '@platform/contracts';
import type { MessageCause } from '../envelope/outgoing-message';

/** What a handler knows about the message it handles, besides its data. */
export interface HandlerContext {
  readonly messageId: string;
  readonly type: string;
  readonly envelope: ReceivedEnvelope;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** 1-based; above 1 the handler runs again after a retriable failure. */
  readonly attempt: number;
  /** Pass to createMessage for the messages this one causes: keeps the correlation, records causation. */
  readonly cause: MessageCause;
}

/** Where a CDC row change was read. A change has no message id: its WAL position orders it. */
export interface ChangeContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly attempt: number;
}
