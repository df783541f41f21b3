import {
  Admin,
  compatibilityPartitioner,
  ProduceAcks,
  Producer,
  stringSerializer,
  type Serializer,
} from '@platformatic/kafka';
import type {
  AdminPort,
  ConsumerOptions,
  ConsumerPort,
  KafkaClientPort,
  ProducerPort,
} from '../kafka-client.port';
import { silentKafkaLogger, type KafkaClientOptions, type KafkaLogger } from '../kafka-client.options';
import { platformaticConnection, platformaticSignIn } from '../kafka-connection';
import { PlatformaticAdmin } from './platformatic.admin';
import { PlatformaticConsumer } from './platformatic.consumer';
import { PlatformaticProducer, type PlatformaticOutboundProducer } from './platformatic.producer';
import { GroupSend } from '../../producer/group-send';

export interface PlatformaticKafkaClientOptions extends KafkaClientOptions {
  /** Messages a consumer holds for the listener before it stops fetching altogether; defaults to 10,000. */
  maxBufferedMessages?: number;
}

const valueSerializer: Serializer<Buffer | string> = (value) =>
  typeof value === 'string' ? Buffer.from(value) : value;

export class PlatformaticKafkaClient implements KafkaClientPort {
  readonly name = '@platformatic/kafka';
  private readonly logger: KafkaLogger;

  constructor(private readonly options: PlatformaticKafkaClientOptions) {
    this.logger = options.logger ?? silentKafkaLogger;
  }

  async createProducer({ clientId }: { clientId: string }): Promise<ProducerPort> {
    const producer: PlatformaticOutboundProducer = new Producer({
      clientId,
      ...platformaticConnection(this.options),
      idempotent: true,
      acks: ProduceAcks.ALL,
      // Its defaultPartitioner takes murmur2 >>> 0 where Java takes murmur2 & 0x7fffffff: unless the
      // partition count is a power of two, about half of all keys would land elsewhere than Java puts them.
      partitioner: compatibilityPartitioner,
      serializers: {
        key: stringSerializer,
        value: valueSerializer,
        headerKey: stringSerializer,
        headerValue: stringSerializer,
      },
    });
    this.reportErrors(producer, 'producer');
    await this.connected(producer);
    return new GroupSend(new PlatformaticProducer(producer));
  }

  async createConsumer(options: ConsumerOptions): Promise<ConsumerPort> {
    return new PlatformaticConsumer(options, {
      connection: this.options,
      maxBufferedMessages: this.options.maxBufferedMessages ?? 10_000,
      logger: this.logger,
      onFetch: this.options.onFetch,
    });
  }

  async createAdmin({ clientId }: { clientId: string }): Promise<AdminPort> {
    const admin = new Admin({ clientId, ...platformaticConnection(this.options) });
    this.reportErrors(admin, 'admin');
    await this.connected(admin);
    return new PlatformaticAdmin(admin);
  }

  // An 'error' event nobody listens to would crash the process.
  private reportErrors(client: Admin | PlatformaticOutboundProducer, kind: string): void {
    client.on('error', (error: Error) => this.logger.error(`@platformatic/kafka ${kind} error`, { error }));
  }

  // The clients connect on first use; ask for metadata now so a wrong broker address or refused
  // credentials fail here, as they do with kafkajs, rather than on the first send.
  private connected(client: Admin | PlatformaticOutboundProducer): Promise<void> {
    return platformaticSignIn(client, this.options);
  }
}
