import { z } from 'zod';
import { id } from '../messages/common.schemas';

/**
 * The WebSocket protocol between browsers and the notification gateway: JSON text frames.
 *
 * Handshake: `GET /ws` upgraded, with the session token from registration-service either as the
 * subprotocol pair `["course-platform.v1", "bearer.<token>"]` (browsers cannot set headers; the
 * gateway answers with `course-platform.v1`) or as `?access_token=<token>`; the Origin must be on
 * the gateway's allowlist. A bad token is refused with HTTP 401, a bad origin with 403.
 *
 * Channels a client may subscribe to:
 * - `modules`: seat counts of every module;
 * - `modules:<moduleId>`, or a pattern over module ids with `*` (`modules:CS*`);
 * - `registrations:me`: the status of the caller's own registrations (the student comes from the
 *   verified token, never from the client).
 *
 * Every event carries the source channel (`module:<id>` or `student:<id>`), its `epoch` and
 * `offset`: offsets only grow within an epoch. The epoch is `<realtime.updates topic id>:<partition>`
 * (a recreated topic or a new partition count changes it); the offset is the record's Kafka offset
 * plus one, that is the partition's end offset just after it, so event and snapshot offsets mean
 * the same thing. A client resumes by sending, per source channel,
 * the last epoch and offset it applied; the gateway replays what it missed from the log, or sends
 * a snapshot when the gap is too old or the epoch changed, then continues live.
 */
export const PROTOCOL = 'course-platform.v1';

const requestId = z.string().min(1).max(64);

/** `modules`, `modules:<id or pattern>` or `registrations:me`. */
export const subscriptionChannel = z.union([
  z.literal('modules'),
  z.string().regex(/^modules:[A-Za-z0-9._*-]{1,128}$/, 'modules:<moduleId or pattern with *>'),
  z.literal('registrations:me'),
]);

/** A source channel of events: one module's seats or one student's registrations. */
export const sourceChannel = z.string().regex(/^(module|student):[^\s]{1,128}$/);

/** The message types of realtime.updates, as events and in a subscription's `types` filter. */
export const realtimeEventType = z.enum([
  'SeatAvailableChanged',
  'RegistrationStatusChanged',
  'ModuleRemoved',
]);

export const position = z.object({ epoch: z.string().min(1).max(128), offset: z.string().regex(/^\d+$/) });

/** Optional server-side filter of one subscription. */
export const subscriptionFilter = z
  .object({
    /** Only these event types. */
    types: z.array(realtimeEventType).min(1).optional(),
    /** Seat events only when available seats are at or below this number. */
    availableAtMost: z.number().int().min(0).optional(),
  })
  .strict();

export const clientMessage = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('subscribe'),
      id: requestId,
      channel: subscriptionChannel,
      filter: subscriptionFilter.optional(),
      /** The last position applied per source channel, to resume after a reconnect. */
      resume: z.record(sourceChannel, position).optional(),
    })
    .strict(),
  z.object({ op: z.literal('unsubscribe'), id: requestId, channel: subscriptionChannel }).strict(),
  /** A fresh token for the same student; the connection and its subscriptions stay. */
  z.object({ op: z.literal('refresh'), id: requestId, token: z.string().min(1).max(4096) }).strict(),
]);

export const errorCode = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'TOO_MANY_SUBSCRIPTIONS',
  'NOT_SUBSCRIBED',
  'TOKEN_REJECTED',
]);

const seatView = z.object({
  moduleId: id,
  title: z.string().optional(),
  capacity: z.number().int().min(0),
  reserved: z.number().int().min(0),
  confirmed: z.number().int().min(0),
  available: z.number().int().min(0),
  version: z.number().int().nonnegative().optional(),
});

const registrationView = z.object({
  registrationId: id,
  moduleId: id,
  status: z.enum(['PENDING', 'COMPLETED', 'CANCELLED']),
  reason: z.enum(['NO_SEAT', 'PAYMENT_FAILED', 'TIMEOUT']).optional(),
  version: z.number().int().nonnegative().optional(),
});

export const serverMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), connectionId: z.string(), studentId: id, expiresAt: z.string() }),
  z.object({ type: z.literal('ack'), id: requestId, op: z.enum(['subscribe', 'unsubscribe', 'refresh']) }),
  z.object({ type: z.literal('error'), id: requestId.optional(), code: errorCode, message: z.string() }),
  z.object({
    type: z.literal('event'),
    /** The subscription (as the client named it) this event matched. */
    subscription: subscriptionChannel,
    channel: sourceChannel,
    epoch: z.string(),
    offset: z.string(),
    /** The CloudEvents type and data of the record on realtime.updates. */
    event: z.object({
      type: realtimeEventType,
      time: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  }),
  /** The current state of a source channel, from the read model, replacing whatever the client holds for it. */
  z.object({
    type: z.literal('snapshot'),
    subscription: subscriptionChannel,
    channel: sourceChannel,
    epoch: z.string(),
    /** Events at or below this offset are already in the snapshot. */
    offset: z.string(),
    seats: z.array(seatView).optional(),
    registrations: z.array(registrationView).optional(),
  }),
]);

export type SubscriptionChannel = z.infer<typeof subscriptionChannel>;
export type SourceChannel = z.infer<typeof sourceChannel>;
export type StreamPosition = z.infer<typeof position>;
export type SubscriptionFilter = z.infer<typeof subscriptionFilter>;
export type RealtimeEventType = z.infer<typeof realtimeEventType>;
export type ClientMessage = z.infer<typeof clientMessage>;
export type ServerMessage = z.infer<typeof serverMessage>;
export type WsErrorCode = z.infer<typeof errorCode>;
