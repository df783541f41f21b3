import { Kafka, logLevel, Partitioners, type LogEntry } from 'kafkajs';
import type {
  AdminPort,
  ConsumerOptions,
  ConsumerPort,
  KafkaClientPort,
  ProducerPort,
} from '../kafka-client.port';
import { silentKafkaLogger, type KafkaClientOptions, type KafkaLogger } from '../kafka-client.options';
import { kafkajsConnection, signedIn } from '../kafka-connection';
import { KafkajsAdmin } from './kafkajs.admin';
import { KafkajsConsumer } from './kafkajs.consumer';
import { KafkajsProducer } from './kafkajs.producer';
import { GroupSend } from '../../producer/group-send';

export interface KafkajsClientOptions extends KafkaClientOptions {
  /** Batches handed over at once per consumer; defaults to 16. */
  partitionsConsumedConcurrently?: number;
}

export class KafkajsClient implements KafkaClientPort {
  readonly name = 'kafkajs';
  private readonly logger: KafkaLogger;

  constructor(private readonly options: KafkajsClientOptions) {
    this.logger = options.logger ?? silentKafkaLogger;
  }

  async createProducer({ clientId }: { clientId: string }): Promise<ProducerPort> {
    const producer = this.kafka(clientId).producer({
      idempotent: true,
      // kafkajs undoes a partition's sequence number when a produce request fails, which is only
      // sound with one request in flight (it also locks each broker while an idempotent send runs).
      maxInFlightRequests: 1,
      // The Java client's partitioner (murmur2), so keys land where Debezium and Java producers put them.
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
    });
    await signedIn(this.options, () => producer.connect());
    return new GroupSend(new KafkajsProducer(producer));
  }

  async createConsumer(options: ConsumerOptions): Promise<ConsumerPort> {
    return new KafkajsConsumer(this.kafka(options.clientId), options, {
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 16,
      logger: this.logger,
      onFetch: this.options.onFetch,
      connection: this.options,
    });
  }

  async createAdmin({ clientId }: { clientId: string }): Promise<AdminPort> {
    const admin = this.kafka(clientId).admin();
    await signedIn(this.options, () => admin.connect());
    return new KafkajsAdmin(admin);
  }

  private kafka(clientId: string): Kafka {
    const logger = this.logger;
    return new Kafka({
      clientId,
      ...kafkajsConnection(this.options),
      logLevel: this.options.logger ? logLevel.WARN : logLevel.NOTHING,
      logCreator:
        () =>
        ({ level, namespace, log: { message, timestamp: _timestamp, ...context } }: LogEntry) => {
          if (level === logLevel.ERROR) logger.error(message, { namespace, ...context });
          else if (level === logLevel.WARN) logger.warn(message, { namespace, ...context });
        },
    });
  }
}
