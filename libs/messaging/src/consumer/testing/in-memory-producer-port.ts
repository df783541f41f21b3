import type { OutboundMessage, ProducerPort } from '../../kafka/kafka-client.port';

export interface InMemoryProducerPortOptions {
  /** Runs before each send is recorded: await to make it slow, throw to make it fail. */
  beforeSend?: (messages: OutboundMessage[]) => Promise<void> | void;
}

/** A producer port that keeps what it was sent; sends can be made to fail. */
export class InMemoryProducerPort implements ProducerPort {
  readonly sent: OutboundMessage[] = [];
  closed = false;
  private readonly failures: unknown[] = [];

  constructor(private readonly options: InMemoryProducerPortOptions = {}) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    await this.options.beforeSend?.(messages);
    if (this.failures.length > 0) throw this.failures.shift();
    this.sent.push(...messages);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Makes the next `count` sends reject with `error`. */
  failNextSends(count: number, error: unknown = new Error('broker unavailable')): void {
    for (let i = 0; i < count; i += 1) this.failures.push(error);
  }
}
