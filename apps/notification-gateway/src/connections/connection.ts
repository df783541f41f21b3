import { randomUUID } from 'node:crypto';
import { closeCodes, type SubscriptionChannel } from '@platform/contracts';
import type { SessionClaims } from '@platform/session-tokens';
import type { WebSocket } from 'ws';
import type { GatewaySettings } from '../config';
import type { GatewayMetrics } from '../core/gateway.metrics';
import type { Subscriber, Subscription } from '../subscriptions/subscription';
import { RateLimiter } from './rate.limiter';
import { SendQueue, type Outgoing } from './send.queue';

// A close frame waits behind what the socket still buffers; a client that does not read it is cut.
const closeGraceMs = 5_000;

/**
 * One client: its verified session, its subscriptions and its bounded send path. Frames go to the
 * socket while its buffer (ws bufferedAmount) is under the limit, then wait in the queue, where
 * seat counts conflate; a queue that cannot take a frame, or stays full, closes the socket 1013.
 */
export class Connection implements Subscriber {
  readonly id = randomUUID();
  readonly subscriptions = new Map<SubscriptionChannel, Subscription>();
  /** Set by each ping, cleared by the pong: still set at the next ping means the peer is gone. */
  awaitingPong = false;
  private readonly queue: SendQueue;
  private readonly rate: RateLimiter;
  private fullSince: number | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    readonly socket: WebSocket,
    private currentClaims: SessionClaims,
    private readonly settings: GatewaySettings,
    private readonly metrics: GatewayMetrics,
  ) {
    this.queue = new SendQueue(settings.maxQueued);
    this.rate = new RateLimiter(settings.ratePerSecond);
    this.armExpiry();
  }

  get claims(): SessionClaims {
    return this.currentClaims;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** What this connection holds in memory for sending, for tests and diagnostics. */
  get backlog(): { queued: number; bufferedBytes: number; closing: boolean } {
    return { queued: this.queue.length, bufferedBytes: this.socket.bufferedAmount, closing: this.closing };
  }

  replaceClaims(claims: SessionClaims): void {
    this.currentClaims = claims;
    this.armExpiry();
  }

  allowMessage(): boolean {
    return this.rate.tryTake();
  }

  send(item: Outgoing): void {
    if (this.closing) return;
    const outcome = this.queue.push(item);
    if (outcome === 'conflated') this.metrics.conflated.inc();
    if (outcome === 'full') {
      this.close(closeCodes.TRY_AGAIN_LATER, 'too slow: the send queue is full');
      return;
    }
    this.flush();
    if (this.queue.isFull) {
      this.fullSince ??= Date.now();
      if (Date.now() - this.fullSince > this.settings.queueFullMs)
        this.close(closeCodes.TRY_AGAIN_LATER, 'too slow: the send queue stayed full');
    } else this.fullSince = undefined;
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.expiryTimer);
    this.queue.clear();
    this.metrics.closed.inc({ code: String(code) });
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), closeGraceMs).unref();
  }

  /** The socket is gone: drop everything it held. */
  disposed(): void {
    this.closing = true;
    clearTimeout(this.expiryTimer);
    this.queue.clear();
  }

  private flush(): void {
    while (
      !this.closing &&
      this.queue.length > 0 &&
      this.socket.readyState === this.socket.OPEN &&
      this.socket.bufferedAmount < this.settings.maxBufferedBytes
    ) {
      const item = this.queue.shift() as Outgoing;
      // The callback runs once ws handed the frame to the kernel: room for the next ones.
      this.socket.send(item.frame, { binary: false }, () => this.flush());
      this.metrics.pushed.inc({ type: item.kind });
      if (item.changedAtMs !== undefined && Number.isFinite(item.changedAtMs))
        this.metrics.pushLatency.observe(Math.max(0, Date.now() - item.changedAtMs) / 1000);
    }
  }

  private armExpiry(): void {
    clearTimeout(this.expiryTimer);
    const delay = this.currentClaims.expiresAt.getTime() - Date.now();
    this.expiryTimer = setTimeout(
      () => this.close(closeCodes.SESSION_EXPIRED, 'session token expired'),
      Math.max(0, Math.min(delay, 2 ** 31 - 1)),
    );
  }
}
