import type { StackConfig } from '../stack.config';
import { loadStackConfig } from '../stack.config';
import type { ServiceDefinition } from './service-definitions';
import { serviceEnvironment } from './service-environment';

describe(serviceEnvironment.name, () => {
  const config: StackConfig = loadStackConfig({});
  const service: ServiceDefinition = {
    app: 'saga-coordinator',
    main: 'apps/saga-coordinator/src/main.ts',
    tsconfig: 'apps/saga-coordinator/tsconfig.json',
    defaults: { HTTP_PORT: '3004', SAGA_SEAT_DEADLINE_MS: '10000' },
    httpPort: 3004,
  };
  const keys = { privateKeyFile: '/keys/private.pem', publicKeyFile: '/keys/public.pem' };

  it("passes OpenTelemetry's own variables from the caller on, and nothing else of its environment", () => {
    const env = serviceEnvironment(
      config,
      service,
      keys,
      {},
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_TRACES_SAMPLER: 'always_on',
        SECRET_OF_THE_SHELL: 'no',
      },
    );

    expect(env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://collector:4318');
    expect(env.OTEL_TRACES_SAMPLER).toBe('always_on');
    expect(env.SECRET_OF_THE_SHELL).toBeUndefined();
  });

  it('lets the overrides win over the defaults and the caller', () => {
    const env = serviceEnvironment(
      config,
      service,
      keys,
      { SAGA_SEAT_DEADLINE_MS: '15000', OTEL_BSP_SCHEDULE_DELAY: '200' },
      { OTEL_BSP_SCHEDULE_DELAY: '5000' },
    );

    expect(env.SAGA_SEAT_DEADLINE_MS).toBe('15000');
    expect(env.OTEL_BSP_SCHEDULE_DELAY).toBe('200');
    expect(env.KAFKA_BROKERS).toBe(config.endpoints.kafka.brokers.join(','));
  });
});
