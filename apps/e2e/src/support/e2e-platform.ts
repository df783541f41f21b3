import { loadStackConfig, Services, type RestartPolicy, type ServicesOptions } from '@platform/stack';

/**
 * The settings every e2e run gives the services: deadlines short enough that the timeout
 * scenarios finish in seconds, and a payment provider whose "hang" amount (cents ending in 93)
 * outlasts the saga's payment deadline but not the payment service's own timeout, so the late
 * success really arrives and must be refunded.
 */
export const e2eEnvironment: NonNullable<ServicesOptions['env']> = {
  'saga-coordinator': {
    SAGA_SEAT_DEADLINE_MS: '15000',
    SAGA_PAYMENT_DEADLINE_MS: '4000',
    SAGA_COMPENSATION_DEADLINE_MS: '5000',
    SAGA_COMPENSATION_MAX_ATTEMPTS: '3',
  },
  'payment-service': {
    PAYMENT_SIM_HANG_MS: '7000',
    PAYMENT_PROVIDER_TIMEOUT_MS: '10000',
  },
};

/**
 * Where every e2e service sends its spans (OTLP over HTTP): the trace spec listens there while it
 * runs; the rest of the time the exports fail quietly. Spans are flushed every 200 ms.
 */
export const e2eOtlpPort = Number(process.env.E2E_OTLP_PORT ?? 14318);
const tracingEnvironment = {
  OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${e2eOtlpPort}`,
  OTEL_BSP_SCHEDULE_DELAY: '200',
};

/**
 * The platform's services as the e2e specs run them: separate processes on the native stack.
 * Unsupervised unless given a restart policy, so a service a spec kills stays down until the spec
 * starts it; the fault matrix runs them supervised, as `./platform services up` does.
 */
export function e2eServices(
  extra: ServicesOptions['env'] = {},
  { supervised }: { supervised?: RestartPolicy } = {},
): Services {
  const env: NonNullable<ServicesOptions['env']> = { '*': tracingEnvironment, ...e2eEnvironment };
  for (const [app, vars] of Object.entries(extra)) env[app] = { ...env[app], ...vars };
  return new Services(loadStackConfig(), {
    only: [
      'seat-inventory-service',
      'payment-service',
      'saga-coordinator',
      'read-model-projector',
      'registration-service',
      'notification-gateway',
      'web',
    ],
    env,
    ...(supervised ? { restartPolicy: supervised } : {}),
  });
}
