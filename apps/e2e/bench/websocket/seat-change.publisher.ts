import { createKafkaClient, MessageProducer, type ProducerPort } from '@platform/messaging';

const CAPACITY = 1000;

export interface PublishedRun {
  published: number;
  failed: number;
  /** How many of the run's messages went to each module. */
  perModule: Map<string, number>;
  /** When the first and the last message were sent. */
  startedAt: number;
  endedAt: number;
}

/**
 * Publishes SeatAvailableChanged straight to realtime.updates at a steady rate, round-robin over
 * the given modules, as the read-model projector would; `changedAt` is the send time, so a client
 * on this machine measures push latency as its receive time minus `changedAt`.
 */
export class SeatChangePublisher {
  private constructor(
    private readonly port: ProducerPort,
    private readonly producer: MessageProducer,
  ) {}

  static async connect(brokers: string[], clientId: string): Promise<SeatChangePublisher> {
    const port = await createKafkaClient('platformatic', { brokers }).createProducer({ clientId });
    // The projector is the topic's producer; the benchmark stands in for it.
    return new SeatChangePublisher(port, new MessageProducer('read-model-projector', port));
  }

  async run(modules: readonly string[], ratePerSecond: number, seconds: number): Promise<PublishedRun> {
    const total = Math.round(ratePerSecond * seconds);
    const perModule = new Map<string, number>();
    const sends: Promise<unknown>[] = [];
    const versionBase = Date.now() * 1000;
    let failed = 0;
    const startedAt = Date.now();
    for (let i = 0; i < total; i++) {
      const due = startedAt + (i * 1000) / ratePerSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      const moduleId = modules[i % modules.length]!;
      const reserved = Math.floor(i / modules.length) % CAPACITY;
      perModule.set(moduleId, (perModule.get(moduleId) ?? 0) + 1);
      sends.push(
        this.producer
          .send('SeatAvailableChanged', {
            channel: `module:${moduleId}`,
            moduleId,
            capacity: CAPACITY,
            reserved,
            confirmed: 0,
            available: CAPACITY - reserved,
            changedAt: new Date().toISOString(),
            version: versionBase + i,
          })
          .catch(() => (failed += 1)),
      );
    }
    const endedAt = Date.now();
    await Promise.all(sends);
    return { published: total - failed, failed, perModule, startedAt, endedAt };
  }

  async close(): Promise<void> {
    await this.port.close();
  }
}
