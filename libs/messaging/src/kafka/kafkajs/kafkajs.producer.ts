import type { Producer } from 'kafkajs';
import type { OutboundMessage, ProducerPort } from '../kafka-client.port';
import { groupByTopic } from '../topic-partition';

export class KafkajsProducer implements ProducerPort {
  constructor(private readonly producer: Producer) {}

  async send(messages: OutboundMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...groupByTopic(messages)].map(([topic, ofTopic]) => ({
        topic,
        messages: ofTopic.map(({ key, value, headers }) => ({ key, value, headers })),
      })),
    });
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}
