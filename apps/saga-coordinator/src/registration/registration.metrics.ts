import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';
import { Database } from '../database/database';
import type { SagaObservation } from '../saga/saga.observations';
import { SagaRepository } from './registration.repository';
import { registrationSaga } from './registration.saga';

/** A metric of the registry by name, replaced if an earlier application in this process made it. */
function fresh<M>(registry: Registry, name: string, make: () => M): M {
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  return make();
}

/**
 * The saga's metrics and alerts, fed with what each committed transition means. A compensation
 * that ran out of attempts is counted (`saga_compensation_failed_total`, the alerting signal) and
 * logged as an error naming the registration and the step, never swallowed.
 */
@Injectable()
export class SagaMetrics {
  private readonly logger = new Logger('RegistrationSaga');
  private readonly outcomes: Counter<'outcome' | 'reason'>;
  private readonly compensationFailed: Counter<'step'>;
  private readonly stepDuration: Histogram<'step' | 'result'>;

  constructor(@Inject(Database) db: Database, @Inject(SagaRepository) sagas: SagaRepository) {
    const registry: Registry = register;
    this.outcomes = fresh(
      registry,
      'saga_outcomes_total',
      () =>
        new Counter({
          name: 'saga_outcomes_total',
          help: 'Registration sagas that ended, by status (outcome) and cancellation reason.',
          labelNames: ['outcome', 'reason'],
          registers: [registry],
        }),
    );
    this.compensationFailed = fresh(
      registry,
      'saga_compensation_failed_total',
      () =>
        new Counter({
          name: 'saga_compensation_failed_total',
          help: 'Compensations (ReleaseSeat, RefundPayment) that ran out of attempts; each needs an operator.',
          labelNames: ['step'],
          registers: [registry],
        }),
    );
    // At zero from the start, so the alert and its dashboard panel read "none yet", not "no data".
    for (const step of registrationSaga.steps.filter((candidate) => candidate.compensation))
      this.compensationFailed.inc({ step: step.name }, 0);
    this.stepDuration = fresh(
      registry,
      'saga_step_duration_seconds',
      () =>
        new Histogram({
          name: 'saga_step_duration_seconds',
          help: 'Time from sending a step command to its reply or deadline, by step and result.',
          labelNames: ['step', 'result'],
          buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30],
          registers: [registry],
        }),
    );
    fresh(
      registry,
      'sagas_in_flight',
      () =>
        new Gauge({
          name: 'sagas_in_flight',
          help: 'Registration sagas that have not ended yet (from the database, so every instance agrees).',
          registers: [registry],
          async collect() {
            const count = await sagas.countInFlight(db).catch(() => undefined);
            if (count !== undefined) this.set(count);
          },
        }),
    );
  }

  record(registrationId: string, observation: SagaObservation): void {
    if (observation.outcome) {
      this.outcomes.inc({ outcome: observation.outcome.status, reason: observation.outcome.reason });
    }
    if (observation.stepLeft) {
      const { step, result, seconds } = observation.stepLeft;
      this.stepDuration.observe({ step, result }, seconds);
    }
    for (const failure of observation.compensationFailures) {
      this.compensationFailed.inc({ step: failure.step });
      this.logger.error(
        `compensation failed: registration ${registrationId}, step ${failure.step}, ` +
          `${failure.attempts} attempts unanswered; the seat or the payment needs an operator`,
      );
    }
  }
}
