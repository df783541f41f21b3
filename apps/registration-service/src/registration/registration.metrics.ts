import { Injectable } from '@nestjs/common';
import { Counter, register } from 'prom-client';

/** Registrations accepted over HTTP: `created` new ones, `replayed` answers to a repeated key. */
@Injectable()
export class RegistrationMetrics {
  private readonly requested: Counter<'outcome'> =
    (register.getSingleMetric('registrations_requested_total') as Counter<'outcome'> | undefined) ??
    new Counter({
      name: 'registrations_requested_total',
      help: 'Registrations accepted by POST /registrations, by outcome',
      labelNames: ['outcome'],
    });

  accepted(created: boolean): void {
    this.requested.inc({ outcome: created ? 'created' : 'replayed' });
  }
}
