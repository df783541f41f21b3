import type { Producer } from '@platformatic/kafka';
import type { OutboundMessage, ProducerPort } from '../kafka-client.port';

export type PlatformaticOutboundProducer = Producer<string, Buffer | string, string, string>;

export class PlatformaticProducer implements ProducerPort {
  constructor(private readonly producer: PlatformaticOutboundProducer) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.send({
      messages: messages.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })),
    });
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
