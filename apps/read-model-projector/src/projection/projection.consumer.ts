import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { deadLetterTopicName } from '@platform/contracts';
import {
  composeObservers,
  KeyOrderedConsumer,
  metricsObserver,
  startLagMonitor,
  type AdminPort,
  type KafkaClientPort,
  type ProducerPort,
  type RetrySettings,
  withConsumerSpan,
} from '@platform/messaging';
import { cdcTopics, decodeCdcRecord, traceOfChange, type CdcChange } from '../cdc/cdc.decoder';
import { KAFKA_CLIENT } from '../core/core.tokens';
import { ProjectorMetrics } from '../core/projector.metrics';
import { RebuildService } from '../rebuild/rebuild.service';
import { ProjectionService } from './projection.service';

export const GROUP_ID = 'read-model-projector';
export const CONSUMER_OPTIONS = Symbol('CONSUMER_OPTIONS');

export interface ConsumerOptions {
  groupId: string;
  /** Where a group without committed offsets starts: the beginning replays the compacted truth. */
  fromBeginning: boolean;
  retry?: Partial<Omit<RetrySettings, 'classify'>>;
}

/**
 * Consumes the CDC topics (raw Debezium JSON, not CloudEvents, hence not MessagingModule) with the
 * messaging runtime's key-ordered consumer: per-row order, retries with backoff, and records no
 * decoder understands parked in read-model-projector.dlq with the cause.
 */
@Injectable()
export class ProjectionConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProjectionConsumer.name);
  private consumer?: KeyOrderedConsumer<CdcChange>;
  private deadLetterProducer?: ProducerPort;
  private admin?: AdminPort;
  private lagMonitor?: { stop(): void };
  private running = false;

  constructor(
    @Inject(CONSUMER_OPTIONS) private readonly options: ConsumerOptions,
    @Inject(KAFKA_CLIENT) private readonly kafka: KafkaClientPort,
    @Inject(ProjectionService) private readonly projection: ProjectionService,
    @Inject(RebuildService) private readonly generations: RebuildService,
    @Inject(ProjectorMetrics) private readonly metrics: ProjectorMetrics,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Readers get a whole model before live changes start arriving on an empty Redis.
    await this.generations.ensureActive();

    const { groupId } = this.options;
    this.deadLetterProducer = await this.kafka.createProducer({ clientId: `${groupId}-dead-letters` });
    const port = await this.kafka.createConsumer({
      clientId: groupId,
      groupId,
      topics: cdcTopics,
      fromBeginning: this.options.fromBeginning,
    });
    this.consumer = new KeyOrderedConsumer<CdcChange>({
      port,
      deadLetterProducer: this.deadLetterProducer,
      groupId,
      deadLetterTopic: deadLetterTopicName(GROUP_ID),
      decode: decodeCdcRecord,
      // The span continues the trace of the write that changed the row (its traceparent column).
      process: (change, { message, attempt }) =>
        withConsumerSpan({ message, attempt, groupId, trace: traceOfChange(change) }, () =>
          this.projection.project(change),
        ),
      retry: this.options.retry,
      observer: composeObservers(
        metricsObserver(this.metrics.messaging, groupId, () => 'cdc-row'),
        {
          onDeadLettered: ({ message, reason, error }) =>
            this.logger.warn(
              `dead-lettered ${message.topic}/${message.partition}@${message.offset} (${reason}): ` +
                `${error instanceof Error ? error.message : String(error)}`,
            ),
        },
      ),
    });
    await this.consumer.start();
    this.running = true;
    this.admin = await this.kafka.createAdmin({ clientId: `${groupId}-lag` });
    this.lagMonitor = startLagMonitor(this.admin, this.metrics.messaging, groupId, cdcTopics);
    this.logger.log(`consuming ${cdcTopics.join(', ')} as ${groupId}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.lagMonitor?.stop();
    await this.consumer?.stop();
    await this.deadLetterProducer?.close();
    await this.admin?.close();
  }
}
