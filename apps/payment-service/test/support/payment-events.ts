import { randomUUID } from 'node:crypto';
import type { MessageType } from '@platform/contracts';
import {
  createKafkaClient,
  decodeMessage,
  MessageProducer,
  type ConsumerPort,
  type DecodedMessage,
  type ProducerPort,
} from '@platform/messaging';

export type PaymentEvent = DecodedMessage & {
  data: { registrationId: string; paymentId?: string; reason?: { code: string; message: string } };
};

/**
 * The test's side of Kafka: a producer for payment.commands (as the saga sends them) and a
 * throwaway consumer of payment.events (as Debezium publishes the outbox), from the end.
 */
export class PaymentTraffic {
  readonly events: PaymentEvent[] = [];
  producer!: MessageProducer;
  producerPort!: ProducerPort;
  private reader!: ConsumerPort;

  constructor(
    private readonly brokers: string[],
    /** Only events of registrations starting with this are kept. */
    private readonly prefix: string,
  ) {}

  async start(): Promise<void> {
    const kafka = createKafkaClient('platformatic', { brokers: this.brokers });
    this.reader = await kafka.createConsumer({
      clientId: 'payment-events-reader',
      groupId: `test.payment-events-${randomUUID().slice(0, 8)}`,
      topics: ['payment.events'],
      fromBeginning: false,
      maxWaitMs: 100,
    });
    await this.reader.start({
      onAssigned: () => undefined,
      onRevoked: async () => undefined,
      onMessages: async (_partition, messages) => {
        for (const message of messages) {
          const decoded = decodeMessage(message) as PaymentEvent;
          if (decoded.data.registrationId.startsWith(this.prefix)) this.events.push(decoded);
        }
      },
    });
    this.producerPort = await kafka.createProducer({ clientId: 'payment-test-producer' });
    this.producer = new MessageProducer('saga-coordinator', this.producerPort);
  }

  async stop(): Promise<void> {
    await this.reader?.stop();
    await this.producerPort?.close();
  }

  of(type: MessageType, registrationId: string): PaymentEvent[] {
    return this.events.filter((event) => event.type === type && event.data.registrationId === registrationId);
  }

  answered(registrationId: string): boolean {
    return this.events.some((event) => event.data.registrationId === registrationId);
  }
}
