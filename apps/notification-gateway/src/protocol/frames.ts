import {
  clientMessage,
  type ClientMessage,
  type ServerMessage,
  type SubscriptionChannel,
  type WsErrorCode,
} from '@platform/contracts';
import type { RealtimeEvent } from '../gateway/realtime.event';

export type ParsedFrame =
  | { kind: 'message'; message: ClientMessage }
  /** Well-formed JSON the protocol does not accept: answered with an error, the socket stays. */
  | { kind: 'invalid'; id?: string; code: WsErrorCode; reason: string }
  /** Not the protocol at all (binary, not JSON): the socket closes with 1008. */
  | { kind: 'violation'; reason: string };

/** Reads one client frame; ws hands text frames over as a Buffer with isBinary false. */
export function parseClientFrame(data: Buffer | string, isBinary: boolean): ParsedFrame {
  if (isBinary) return { kind: 'violation', reason: 'binary frames are not part of the protocol' };
  let json: unknown;
  try {
    json = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch {
    return { kind: 'violation', reason: 'frame is not JSON' };
  }
  const parsed = clientMessage.safeParse(json);
  if (parsed.success) return { kind: 'message', message: parsed.data };
  const raw = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const id =
    typeof raw['id'] === 'string' && raw['id'].length > 0 && raw['id'].length <= 64 ? raw['id'] : undefined;
  const onChannel = parsed.error.issues.some((issue) => issue.path[0] === 'channel');
  const reason = parsed.error.issues
    .map((issue) => `${issue.path.join('.') || '(frame)'}: ${issue.message}`)
    .join('; ');
  return {
    kind: 'invalid',
    ...(id ? { id } : {}),
    code: onChannel && typeof raw['channel'] === 'string' ? 'UNKNOWN_CHANNEL' : 'BAD_REQUEST',
    reason,
  };
}

const text = (message: ServerMessage): string => JSON.stringify(message);

export const frames = {
  welcome: (connectionId: string, studentId: string, expiresAt: Date): string =>
    text({ type: 'welcome', connectionId, studentId, expiresAt: expiresAt.toISOString() }),
  ack: (id: string, op: 'subscribe' | 'unsubscribe' | 'refresh'): string => text({ type: 'ack', id, op }),
  error: (id: string | undefined, code: WsErrorCode, message: string): string =>
    text({ type: 'error', ...(id ? { id } : {}), code, message }),
  event: (subscription: SubscriptionChannel, epoch: string, event: RealtimeEvent): string =>
    text({
      type: 'event',
      subscription,
      channel: event.channel,
      epoch,
      offset: event.offset.toString(),
      event: { type: event.type, time: event.time, data: event.data },
    }),
  snapshot: (snapshot: Extract<ServerMessage, { type: 'snapshot' }>): string => text(snapshot),
};
