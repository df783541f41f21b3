import type { z } from 'zod';
import type { MessageTypeOfKind } from '../topics/topic-catalog';
import {
  ConfirmSeat,
  ReleaseSeat,
  ReserveSeat,
  SeatConfirmed,
  SeatRejected,
  SeatReleased,
  SeatReserved,
} from './inventory.messages';
import type { MessageContract } from './message-definition';
import {
  ChargePayment,
  PaymentConfirmed,
  PaymentFailed,
  PaymentRefunded,
  RefundPayment,
} from './payment.messages';
import { ModuleRemoved, RegistrationStatusChanged, SeatAvailableChanged } from './realtime.messages';
import {
  CancelRegistration,
  CompleteRegistration,
  RegistrationCancelled,
  RegistrationCompleted,
  RegistrationRequested,
} from './registration.messages';
import { SessionCreated, SessionExpired, SessionRevoked } from './session.messages';

/** Every message type the platform knows, in catalog order. */
export const messageDefinitions = [
  CompleteRegistration,
  CancelRegistration,
  RegistrationRequested,
  RegistrationCompleted,
  RegistrationCancelled,
  ReserveSeat,
  ConfirmSeat,
  ReleaseSeat,
  SeatReserved,
  SeatRejected,
  SeatConfirmed,
  SeatReleased,
  ChargePayment,
  RefundPayment,
  PaymentConfirmed,
  PaymentFailed,
  PaymentRefunded,
  SessionCreated,
  SessionExpired,
  SessionRevoked,
  SeatAvailableChanged,
  RegistrationStatusChanged,
  ModuleRemoved,
] as const;

type Definitions = (typeof messageDefinitions)[number];

export type MessageType = Definitions['name'];

export type MessageDefinitionOf<T extends MessageType> = Extract<Definitions, { readonly name: T }>;

/** The payload of the current version of T, as handlers see it. */
export type MessageOf<T extends MessageType> = z.output<MessageDefinitionOf<T>['schema']>;

/** What a producer may pass for T (before parsing). */
export type MessageInput<T extends MessageType> = z.input<MessageDefinitionOf<T>['schema']>;

/** A message of type T with its current payload; over all types, a union a `switch` can exhaust. */
export type Message<T extends MessageType = MessageType> = {
  [K in T]: { readonly type: K; readonly data: MessageOf<K> };
}[T];

export type AnyMessage = Message;

/** Past-tense messages: domain events and realtime updates. */
export type EventType = MessageTypeOfKind<'events' | 'updates'>;

/** Imperative messages the saga sends. */
export type CommandType = MessageTypeOfKind<'commands'>;

export type EventOf<T extends EventType> = Message<T>;

export type CommandOf<T extends CommandType> = Message<T>;

export const messageRegistry: ReadonlyMap<string, MessageContract> = new Map(
  messageDefinitions.map((definition) => [definition.name, definition]),
);

export function findMessageDefinition(type: string): MessageContract | undefined {
  return messageRegistry.get(type);
}
