import type { InboundMessage, TopicPartition, TopicPartitionOffset } from '../kafka/kafka-client.port';
import type { DeadLetterReason } from './retry-policy';

export interface HandledEvent {
  message: InboundMessage;
  /** 1-based run of the handler for this message. */
  attempt: number;
  outcome: 'succeeded' | 'failed';
  durationMs: number;
  /** What the handler threw, when it failed. */
  error?: unknown;
}

export interface RetryScheduledEvent {
  message: InboundMessage;
  /** The run that failed. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface DeadLetteredEvent {
  message: InboundMessage;
  reason: DeadLetterReason;
  /** Handler runs before giving up (0 for poison). */
  attempts: number;
  error: unknown;
  deadLetterTopic: string;
}

export interface DeadLetterSendFailedEvent {
  message: InboundMessage;
  sendAttempt: number;
  /** Wait before the next send. */
  delayMs: number;
  error: unknown;
}

export interface CommitEvent {
  offsets: TopicPartitionOffset[];
}

export interface CommitFailedEvent extends CommitEvent {
  error: unknown;
}

export interface FlowEvent {
  partition: TopicPartition;
  /** Messages received and not yet behind the commit point. */
  buffered: number;
}

export interface IgnoredEvent {
  partition: TopicPartition;
  count: number;
  /** Not owned (no assignment, or released); redelivered (an offset already received). */
  reason: 'not-owned' | 'redelivered';
}

export interface AssignedEvent {
  /** A partition this consumer now owns (one it already owned is not reported again). */
  partition: TopicPartition;
}

export interface ReleasedEvent {
  partition: TopicPartition;
  /** Messages left unfinished, for the next owner to read again from the committed offset. */
  unfinished: number;
  /** True when handlers still ran at the drain timeout; their late results are not committed. */
  drainTimedOut: boolean;
}

/**
 * What the consumer runtime reports, for metrics and tracing adapters. Every method is optional; a
 * method that throws is ignored, because telemetry must never fail message handling.
 */
export interface ConsumerObserver {
  onAssigned?(event: AssignedEvent): void;
  onReceived?(message: InboundMessage): void;
  onHandled?(event: HandledEvent): void;
  onRetryScheduled?(event: RetryScheduledEvent): void;
  onDeadLettered?(event: DeadLetteredEvent): void;
  onDeadLetterSendFailed?(event: DeadLetterSendFailedEvent): void;
  onCommitted?(event: CommitEvent): void;
  onCommitFailed?(event: CommitFailedEvent): void;
  onPaused?(event: FlowEvent): void;
  onResumed?(event: FlowEvent): void;
  onIgnored?(event: IgnoredEvent): void;
  onReleased?(event: ReleasedEvent): void;
}

/** An observer with every method present; what the runtime calls. */
export type ObserverNotifications = { [K in keyof ConsumerObserver]-?: NonNullable<ConsumerObserver[K]> };

// A record rather than a list, so the compiler reports a method added to the interface but not here.
const observerMethods = Object.keys({
  onAssigned: true,
  onReceived: true,
  onHandled: true,
  onRetryScheduled: true,
  onDeadLettered: true,
  onDeadLetterSendFailed: true,
  onCommitted: true,
  onCommitFailed: true,
  onPaused: true,
  onResumed: true,
  onIgnored: true,
  onReleased: true,
} satisfies Record<keyof ConsumerObserver, true>) as (keyof ConsumerObserver)[];

/** Wraps an observer so every method exists and none can throw into the runtime. */
export function guardObserver(observer: ConsumerObserver = {}): ObserverNotifications {
  const guarded: Partial<Record<keyof ConsumerObserver, (event: unknown) => void>> = {};
  for (const name of observerMethods) {
    const method = observer[name] as ((event: unknown) => void) | undefined;
    guarded[name] = (event) => {
      try {
        method?.call(observer, event);
      } catch {
        // Telemetry failures must not affect message handling.
      }
    };
  }
  return guarded as ObserverNotifications;
}
