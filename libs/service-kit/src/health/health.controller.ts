import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { runChecks, type CheckState, type HealthChecks } from './health.checks';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

export interface HealthStatus {
  status: 'ok';
  checks?: Record<string, CheckState>;
}

/** The 503 body of /health/ready. */
export interface UnavailableStatus {
  status: 'unavailable';
  checks: Record<string, CheckState>;
  reasons: Record<string, string>;
}

@Controller()
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  @Get('health/live')
  live(): HealthStatus {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(): Promise<HealthStatus> {
    const { checks, reasons } = await runChecks(this.checks);
    if (Object.values(checks).includes('down')) {
      const body: UnavailableStatus = { status: 'unavailable', checks, reasons };
      throw new ServiceUnavailableException(body);
    }
    return { status: 'ok', checks };
  }

  @Get('metrics')
  metrics(
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<string> {
    response.setHeader('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
