import { ContractViolation } from './contract-violation';
import type { DecodeFailure, MessageContract } from './message-definition';
import {
  findMessageDefinition,
  type Message,
  type MessageInput,
  type MessageOf,
  type MessageType,
} from './message.registry';
import type { TopicName } from '../topics/topic-catalog';

export type DecodeResult<T extends MessageType = MessageType> =
  | {
      readonly ok: true;
      /** The payload upcast to the current version. */
      readonly message: Message<T>;
      readonly receivedVersion: number;
    }
  | DecodeFailure;

function definitionOrThrow(type: string): MessageContract {
  const definition = findMessageDefinition(type);
  if (definition === undefined) throw new ContractViolation(type, 'unknown message type');
  return definition;
}

/** Validates a payload about to be produced against the current version; throws `ContractViolation`. */
export function validateOutgoing<T extends MessageType>(type: T, data: MessageInput<T>): MessageOf<T> {
  return definitionOrThrow(type).validate(data) as MessageOf<T>;
}

/**
 * Validates a received payload against the version it names and upcasts it to the current one.
 * Never throws: the runtime dead-letters a failure with its reason.
 */
export function decodeIncoming<T extends MessageType>(
  type: T,
  version: number,
  data: unknown,
): DecodeResult<T>;
export function decodeIncoming(type: string, version: number, data: unknown): DecodeResult;
export function decodeIncoming(type: string, version: number, data: unknown): DecodeResult {
  const definition = findMessageDefinition(type);
  if (definition === undefined) {
    return { ok: false, code: 'UNKNOWN_TYPE', reason: `unknown message type "${type}"` };
  }
  const decoded = definition.decode(version, data);
  if (!decoded.ok) return decoded;
  return {
    ok: true,
    message: { type, data: decoded.data } as Message,
    receivedVersion: decoded.receivedVersion,
  };
}

/** The record key: the value of the field the message's topic is keyed by. */
export function keyOf<T extends MessageType>(type: T, data: MessageOf<T>): string {
  const definition = definitionOrThrow(type);
  const key: unknown = (data as Record<string, unknown>)[definition.key];
  if (typeof key !== 'string' || key.length === 0) {
    throw new ContractViolation(type, `the key field ${definition.key} is missing or empty`);
  }
  return key;
}

export function topicOf(type: MessageType): TopicName {
  return definitionOrThrow(type).topic as TopicName;
}

export function currentVersionOf(type: MessageType): number {
  return definitionOrThrow(type).currentVersion;
}
