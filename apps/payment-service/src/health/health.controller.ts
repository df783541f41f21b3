import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import { register } from 'prom-client';
import { PaymentDatabase } from '../database/database';
import { ConsumerReadiness } from './readiness';

interface Status {
  status: 'ok';
  checks?: Record<string, 'up'>;
}

@Controller()
export class HealthController {
  constructor(
    @Inject(PaymentDatabase) private readonly db: Pick<PaymentDatabase, 'query'>,
    @Inject(ConsumerReadiness) private readonly readiness: ConsumerReadiness,
  ) {}

  @Get('health/live')
  live(): Status {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(): Promise<Status> {
    const database = await this.db.query('SELECT 1').then(
      () => 'up' as const,
      () => 'down' as const,
    );
    const consumer = this.readiness.isStarted ? ('up' as const) : ('down' as const);
    if (database === 'down' || consumer === 'down') {
      throw new ServiceUnavailableException({ status: 'unavailable', checks: { database, consumer } });
    }
    return { status: 'ok', checks: { database, consumer } };
  }

  @Get('metrics')
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
