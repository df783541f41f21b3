import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MessageProducer, type KafkaClientPort, type ProducerPort } from '@platform/messaging';
import { KAFKA_CLIENT, SERVICE } from '../core/core.tokens';
import { ProjectorMetrics } from '../core/projector.metrics';
import type { RealtimeUpdate } from './realtime.updates';

/**
 * Sends realtime updates straight to Kafka: the projector has no database for an outbox, and a
 * lost send is redone when the change is redelivered (its offset commits only after this).
 */
@Injectable()
export class RealtimePublisher implements OnModuleInit, OnApplicationShutdown {
  private port?: ProducerPort;
  private producer?: MessageProducer;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClientPort,
    @Inject(ProjectorMetrics) private readonly metrics: ProjectorMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    this.port = await this.kafka.createProducer({ clientId: 'read-model-projector-realtime' });
    this.producer = new MessageProducer(SERVICE, this.port, this.metrics.messaging);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.port?.close();
  }

  async publish(update: RealtimeUpdate): Promise<void> {
    if (!this.producer) throw new Error('RealtimePublisher used before the module initialised');
    // One call per type: send() checks the data against the type it is given.
    if (update.type === 'SeatAvailableChanged') await this.producer.send(update.type, update.data);
    else if (update.type === 'ModuleRemoved') await this.producer.send(update.type, update.data);
    else await this.producer.send(update.type, update.data);
  }
}
