import type { OutboundMessage, ProducerPort } from '../kafka/kafka-client.port';

interface Pending {
  messages: OutboundMessage[];
  resolve: () => void;
  reject: (error: unknown) => void;
  /** Set once it shared a request that failed: it goes in a request of its own. */
  alone: boolean;
}

const DEFAULT_MAX_MESSAGES = 500;

/**
 * Group send: the sends asked for while a produce request is under way wait, and the next request
 * carries all of them. An idempotent producer keeps one request in flight, so without this every
 * caller would wait its turn for a round trip of its own; with it, a busy projector sends dozens of
 * updates a request. Each caller's promise settles when its messages are acknowledged, and the
 * order of calls is the order on the wire, so a key's messages stay in order.
 *
 * When a shared request fails, each caller's messages are sent again in a request of their own,
 * so one message the broker refuses (too large, say) fails only its own caller.
 */
export class GroupSend implements ProducerPort {
  private readonly queue: Pending[] = [];
  private sending = false;

  constructor(
    private readonly producer: ProducerPort,
    private readonly maxMessages = DEFAULT_MAX_MESSAGES,
  ) {}

  send(messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, resolve, reject, alone: false });
      if (!this.sending) void this.drain();
    });
  }

  close(): Promise<void> {
    return this.producer.close();
  }

  private async drain(): Promise<void> {
    this.sending = true;
    try {
      while (this.queue.length > 0) await this.sendRequest(this.nextRequest());
    } finally {
      this.sending = false;
    }
  }

  private nextRequest(): Pending[] {
    if (this.queue[0]!.alone) return [this.queue.shift()!];
    let size = 0;
    let messages = 0;
    while (size < this.queue.length && !this.queue[size]!.alone) {
      messages += this.queue[size]!.messages.length;
      if (size > 0 && messages > this.maxMessages) break;
      size += 1;
    }
    return this.queue.splice(0, size);
  }

  private async sendRequest(request: Pending[]): Promise<void> {
    try {
      await this.producer.send(request.flatMap((pending) => pending.messages));
    } catch (error) {
      if (request.length === 1) {
        request[0]!.reject(error);
        return;
      }
      for (const pending of request) pending.alone = true;
      this.queue.unshift(...request);
      return;
    }
    for (const pending of request) pending.resolve();
  }
}
