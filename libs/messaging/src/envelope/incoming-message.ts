import { decodeEnvelopeHeaders, decodeIncoming, type ReceivedEnvelope } from '@platform/contracts';
import { PoisonMessageError } from '../consumer/consumer-errors';
import type { InboundMessage } from '../kafka/kafka-client.port';

/** A received message after its envelope, JSON and schema checks, upcast to the current version. */
export interface DecodedMessage {
  type: string;
  data: unknown;
  envelope: ReceivedEnvelope;
  /** The version it was written in; `data` is already in the current one. */
  receivedVersion: number;
}

/** Decodes a record; anything that can never be handled throws PoisonMessageError with the reason. */
export function decodeMessage(message: InboundMessage): DecodedMessage {
  const headers = decodeEnvelopeHeaders(message.headers);
  if (!headers.ok) throw new PoisonMessageError(`bad envelope: ${headers.reason}`);
  const { envelope } = headers;
  let json: unknown;
  try {
    json = JSON.parse(message.value?.toString('utf8') ?? '');
  } catch (error) {
    throw new PoisonMessageError(`value is not JSON: ${(error as Error).message}`);
  }
  const decoded = decodeIncoming(envelope.type, envelope.schemaVersion, json);
  if (!decoded.ok) throw new PoisonMessageError(`${decoded.code}: ${decoded.reason}`);
  return {
    type: envelope.type,
    data: decoded.message.data,
    envelope,
    receivedVersion: decoded.receivedVersion,
  };
}
