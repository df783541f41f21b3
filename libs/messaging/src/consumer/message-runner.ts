import type { InboundMessage, ProducerPort } from '../kafka/kafka-client.port';
import { sleep, type Clock } from './clock';
import type { ConcurrencyLimiter } from './concurrency-limiter';
import type { ObserverNotifications } from './consumer-observer';
import { buildDeadLetterRecord, type DeadLetterCause, type DeadLetterTarget } from './dead-letter';
import type { RetryPolicy } from './retry-policy';

export interface MessageContext {
  /** The message as received, with its topic, partition, offset, key and headers. */
  readonly message: InboundMessage;
  /** 1-based run of the handler for this message. */
  readonly attempt: number;
}

/** Turns a received message into the handler's input; throwing marks the message as poison. */
export type DecodeMessage<T> = (message: InboundMessage) => T;

/** Handles one decoded message; a rejection is a failure, classified by the retry policy. */
export type ProcessMessage<T> = (value: T, context: MessageContext) => Promise<void>;

/** Where a message ended: handled, parked in the dead-letter topic, or given up because its partition left. */
export type MessageOutcome = 'processed' | 'dead-lettered' | 'abandoned';

export interface MessageRunnerDependencies<T> {
  decode: DecodeMessage<T>;
  process: ProcessMessage<T>;
  retryPolicy: RetryPolicy;
  limiter: ConcurrencyLimiter;
  deadLetterProducer: ProducerPort;
  deadLetterTarget: DeadLetterTarget;
  clock: Clock;
  observer: ObserverNotifications;
}

/**
 * Takes one message to its outcome: decode, run the handler with retries, and dead-letter what still
 * fails. Never rejects: every failure ends in a retry, the dead-letter topic, or (once `signal`
 * aborts) abandonment, which leaves the message for the partition's next owner.
 */
export class MessageRunner<T> {
  constructor(private readonly deps: MessageRunnerDependencies<T>) {}

  async run(message: InboundMessage, signal: AbortSignal): Promise<MessageOutcome> {
    let value: T;
    try {
      value = this.deps.decode(message);
    } catch (error) {
      // Decoding is deterministic, so a retry would fail the same way.
      return this.deadLetter(message, { error, reason: 'poison', attempts: 0 }, signal);
    }
    return this.processWithRetries(message, value, signal);
  }

  private async processWithRetries(
    message: InboundMessage,
    value: T,
    signal: AbortSignal,
  ): Promise<MessageOutcome> {
    const { limiter, clock, observer, retryPolicy } = this.deps;
    const retries = retryPolicy.forMessage();
    for (let attempt = 1; ; attempt += 1) {
      if (!(await limiter.acquire(signal))) return 'abandoned';
      const startedAt = clock.now();
      let failed = false;
      let error: unknown;
      try {
        await this.deps.process(value, { message, attempt });
      } catch (caught) {
        failed = true;
        error = caught;
      } finally {
        limiter.release();
      }
      const durationMs = clock.now() - startedAt;
      if (!failed) {
        observer.onHandled({ message, attempt, outcome: 'succeeded', durationMs });
        return 'processed';
      }
      observer.onHandled({ message, attempt, outcome: 'failed', durationMs, error });

      const decision = retries.afterFailure(error);
      if (!decision.retry)
        return this.deadLetter(message, { error, reason: decision.reason, attempts: attempt }, signal);
      observer.onRetryScheduled({ message, attempt, delayMs: decision.delayMs, error });
      if (!(await sleep(clock, decision.delayMs, signal))) return 'abandoned';
    }
  }

  /** Sends until the broker takes it: a dead letter is never dropped, only abandoned with its partition. */
  private async deadLetter(
    message: InboundMessage,
    failure: Omit<DeadLetterCause, 'failedAt'>,
    signal: AbortSignal,
  ): Promise<MessageOutcome> {
    const { limiter, clock, observer, retryPolicy, deadLetterTarget } = this.deps;
    const record = buildDeadLetterRecord(
      message,
      { ...failure, failedAt: new Date(clock.now()) },
      deadLetterTarget,
    );
    for (let sendAttempt = 1; ; sendAttempt += 1) {
      if (!(await limiter.acquire(signal))) return 'abandoned';
      let sent = false;
      let error: unknown;
      try {
        await this.deps.deadLetterProducer.send([record]);
        sent = true;
      } catch (caught) {
        error = caught;
      } finally {
        limiter.release();
      }
      if (sent) {
        observer.onDeadLettered({ message, ...failure, deadLetterTopic: deadLetterTarget.topic });
        return 'dead-lettered';
      }
      const delayMs = retryPolicy.backoffDelay(sendAttempt);
      observer.onDeadLetterSendFailed({ message, sendAttempt, delayMs, error });
      if (!(await sleep(clock, delayMs, signal))) return 'abandoned';
    }
  }
}
