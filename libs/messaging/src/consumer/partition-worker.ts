import type { InboundMessage, TopicPartition, TopicPartitionOffset } from '../kafka/kafka-client.port';
import { settleWithin, sharedAbortController, type Clock } from './clock';
import type { ObserverNotifications } from './consumer-observer';
import { KeyLanes, laneOf } from './key-lanes';
import type { MessageOutcome } from './message-runner';
import { OffsetTracker } from './offset-tracker';

export interface PartitionFlowControl {
  pause(): void;
  resume(): void;
}

export interface PartitionWorkerOptions {
  partition: TopicPartition;
  /** Takes a message to its outcome; must not reject. Returns 'abandoned' once `signal` aborts. */
  handle: (message: InboundMessage, signal: AbortSignal) => Promise<MessageOutcome>;
  flow: PartitionFlowControl;
  observer: ObserverNotifications;
  clock: Clock;
  /** Pause the partition when this many messages are buffered. */
  pauseAt: number;
  /** Resume it when no more than this many are. */
  resumeAt: number;
}

/**
 * active: accepting and starting messages.
 * draining: released; nothing new starts, handlers under way may finish and count toward the commit.
 * closed: nothing counts any more; a late result of a handler that outlived the drain is ignored.
 */
type WorkerState = 'active' | 'draining' | 'closed';

/**
 * The runtime's state for one owned partition: which messages wait behind which key, which offsets
 * are done, and whether the partition is paused because too much is buffered.
 */
export class PartitionWorker {
  readonly partition: TopicPartition;
  private readonly offsets = new OffsetTracker();
  private readonly lanes = new KeyLanes<InboundMessage>();
  private readonly running = new Set<Promise<void>>();
  private readonly abandon = sharedAbortController();
  private state: WorkerState = 'active';
  private paused = false;

  constructor(private readonly options: PartitionWorkerOptions) {
    this.partition = options.partition;
  }

  /** Buffers a fetched batch (in offset order) and starts every message whose key lane is idle. */
  accept(messages: InboundMessage[]): void {
    if (this.state !== 'active') {
      this.options.observer.onIgnored({
        partition: this.partition,
        count: messages.length,
        reason: 'not-owned',
      });
      return;
    }
    let redelivered = 0;
    for (const message of messages) {
      if (!this.offsets.receive(message.offset)) {
        redelivered += 1;
        continue;
      }
      this.options.observer.onReceived(message);
      if (this.lanes.push(laneOf(message.key), message)) this.start(message);
    }
    if (redelivered > 0) {
      this.options.observer.onIgnored({
        partition: this.partition,
        count: redelivered,
        reason: 'redelivered',
      });
    }
    this.applyBackpressure();
  }

  /** The offset this partition may commit now, if it moved since the last commit. */
  pendingCommit(): TopicPartitionOffset | undefined {
    const offset = this.offsets.pendingCommit();
    return offset === undefined ? undefined : { ...this.partition, offset };
  }

  markCommitted(offset: string): void {
    this.offsets.markCommitted(offset);
  }

  /**
   * Stops starting work, drops what has not started, abandons retry waits, and waits up to
   * `timeoutMs` for running handlers. Afterwards the commit position is final.
   */
  async drain(timeoutMs: number): Promise<void> {
    if (this.state !== 'active') return;
    this.state = 'draining';
    this.lanes.clear();
    this.abandon.abort();
    const finished = await settleWithin(this.options.clock, [...this.running], timeoutMs);
    this.state = 'closed';
    // A later owner of this partition must not inherit our pause in the client.
    if (this.paused) this.setPaused(false);
    this.options.observer.onReleased({
      partition: this.partition,
      unfinished: this.offsets.unfinished,
      drainTimedOut: !finished,
    });
  }

  private start(message: InboundMessage): void {
    const job: Promise<void> = this.options.handle(message, this.abandon.signal).then((outcome) => {
      this.running.delete(job);
      this.settle(message, outcome);
    });
    this.running.add(job);
  }

  private settle(message: InboundMessage, outcome: MessageOutcome): void {
    if (this.state === 'closed' || outcome === 'abandoned') return;
    this.offsets.complete(message.offset);
    if (this.state !== 'active') return;
    const next = this.lanes.finishHead(laneOf(message.key));
    if (next) this.start(next);
    this.applyBackpressure();
  }

  private applyBackpressure(): void {
    const buffered = this.offsets.buffered;
    if (!this.paused && buffered >= this.options.pauseAt) this.setPaused(true);
    else if (this.paused && buffered <= this.options.resumeAt) this.setPaused(false);
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    const event = { partition: this.partition, buffered: this.offsets.buffered };
    if (paused) {
      this.options.flow.pause();
      this.options.observer.onPaused(event);
    } else {
      this.options.flow.resume();
      this.options.observer.onResumed(event);
    }
  }
}
