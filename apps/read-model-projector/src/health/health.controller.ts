import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ProjectionStore } from '@platform/read-models';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { ProjectionConsumer } from '../projection/projection.consumer';

type Check = 'up' | 'down';

interface Status {
  status: 'ok';
  checks?: Record<string, Check>;
}

@Controller()
export class HealthController {
  constructor(
    @Inject(Redis) private readonly redis: Pick<Redis, 'ping'>,
    @Inject(ProjectionStore) private readonly store: Pick<ProjectionStore, 'activeGeneration'>,
    @Inject(ProjectionConsumer) private readonly consumer: Pick<ProjectionConsumer, 'isRunning'>,
  ) {}

  @Get('health/live')
  live(): Status {
    return { status: 'ok' };
  }

  /** Ready when Redis answers, a read-model generation is active and the CDC consumer runs. */
  @Get('health/ready')
  async ready(): Promise<Status> {
    const redis: Check = await this.redis.ping().then(
      () => 'up',
      () => 'down',
    );
    const readModel: Check =
      redis === 'up' && (await this.store.activeGeneration().catch(() => undefined)) ? 'up' : 'down';
    const consumer: Check = this.consumer.isRunning ? 'up' : 'down';
    const checks = { redis, readModel, consumer };
    if (Object.values(checks).includes('down')) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    return { status: 'ok', checks };
  }

  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
