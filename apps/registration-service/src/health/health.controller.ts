import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { register } from 'prom-client';
import { Database } from '../database/database';
import { Public } from '../sessions/session.decorators';
import { ConsumerReadiness } from './readiness';

type Check = 'up' | 'down';

interface Status {
  status: 'ok';
  checks?: Record<string, Check>;
}

@Public()
@SkipThrottle()
@Controller()
export class HealthController {
  constructor(
    @Inject(Database) private readonly db: Pick<Database, 'query'>,
    @Inject(Redis) private readonly redis: Pick<Redis, 'ping'>,
    @Inject(ConsumerReadiness) private readonly readiness: ConsumerReadiness,
  ) {}

  @Get('health/live')
  live(): Status {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(): Promise<Status> {
    const [database, redis] = await Promise.all([
      this.db.query('SELECT 1').then(up, down),
      this.redis.ping().then(up, down),
    ]);
    const consumer: Check = this.readiness.isStarted ? 'up' : 'down';
    const checks = { database, redis, consumer };
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

const up = (): Check => 'up';
const down = (): Check => 'down';
