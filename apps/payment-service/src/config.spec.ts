import { loadConfig, loadDatabaseConfig } from './config';

describe(loadConfig.name, () => {
  const valid = {
    PAYMENT_DB_USER: 'payment',
    PAYMENT_DB_PASSWORD: 'secret',
    PAYMENT_PROVIDER_DB_USER: 'payment_provider',
    PAYMENT_PROVIDER_DB_PASSWORD: 'secret2',
  };

  it('fills the local stack defaults: no random failures, small latency, no fault hook', () => {
    expect(loadConfig(valid)).toEqual({
      databases: {
        payment: {
          host: '127.0.0.1',
          port: 15432,
          user: 'payment',
          password: 'secret',
          database: 'platform',
        },
        provider: {
          host: '127.0.0.1',
          port: 15432,
          user: 'payment_provider',
          password: 'secret2',
          database: 'payment_provider',
        },
      },
      kafka: {
        brokers: ['127.0.0.1:19092'],
        client: 'platformatic',
        groupId: 'payment-service',
        fromBeginning: true,
        limits: { maxInFlight: 90 },
      },
      httpPort: 3003,
      policies: {
        timeoutMs: 2_000,
        maxRetries: 2,
        backoffInitialMs: 100,
        backoffMaxMs: 2_000,
        breakerThreshold: 5,
        breakerCooldownMs: 10_000,
        maxConcurrent: 40,
        maxQueued: 50,
      },
      simulator: {
        seed: 'payment-simulator',
        latencyMs: 20,
        jitterMs: 30,
        failureRate: 0,
        hangRate: 0,
        declineRate: 0,
        hangMs: 20_000,
      },
      reconciler: { intervalMs: 5_000, windowMs: 3_600_000, settleMs: 30_000, registrationPrefix: '' },
      faults: {},
    });
    expect(loadDatabaseConfig(valid)).toEqual(loadConfig(valid).databases);
  });

  it('arms the crash hook for one student, and treats an empty value as unset', () => {
    expect(loadConfig({ ...valid, PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: 'stu-1' }).faults).toEqual({
      crashAfterChargeForStudent: 'stu-1',
    });
    expect(loadConfig({ ...valid, PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: '' }).faults).toEqual({});
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({
        POSTGRES_PORT: 'x',
        HTTP_PORT: '0',
        PAYMENT_PROVIDER_TIMEOUT_MS: '0',
        PAYMENT_PROVIDER_MAX_RETRIES: '-1',
        PAYMENT_SIM_FAILURE_RATE: '1.5',
        PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT: 'x'.repeat(200),
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'POSTGRES_PORT',
      'PAYMENT_DB_USER',
      'PAYMENT_PROVIDER_DB_PASSWORD',
      'HTTP_PORT',
      'PAYMENT_PROVIDER_TIMEOUT_MS',
      'PAYMENT_PROVIDER_MAX_RETRIES',
      'PAYMENT_SIM_FAILURE_RATE',
      'PAYMENT_FAULT_CRASH_AFTER_CHARGE_FOR_STUDENT',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('refuses failure, hang and decline rates that add up to more than 1', () => {
    expect(() =>
      loadConfig({ ...valid, PAYMENT_SIM_FAILURE_RATE: '0.6', PAYMENT_SIM_DECLINE_RATE: '0.6' }),
    ).toThrow(/must not exceed 1/);
  });

  it('refuses a reconcile settle time shorter than a slow charge takes, or not inside the window', () => {
    expect(() =>
      loadConfig({ ...valid, PAYMENT_SIM_HANG_MS: '3000', PAYMENT_RECONCILE_SETTLE_MS: '2000' }),
    ).toThrow(/PAYMENT_RECONCILE_SETTLE_MS.*at least PAYMENT_SIM_HANG_MS/s);
    expect(() =>
      loadConfig({ ...valid, PAYMENT_RECONCILE_SETTLE_MS: '60000', PAYMENT_RECONCILE_WINDOW_MS: '60000' }),
    ).toThrow(/less than PAYMENT_RECONCILE_WINDOW_MS/);
    expect(
      loadConfig({
        ...valid,
        PAYMENT_SIM_HANG_MS: '3000',
        PAYMENT_RECONCILE_SETTLE_MS: '3000',
        PAYMENT_RECONCILE_INTERVAL_MS: '500',
        PAYMENT_RECONCILE_REGISTRATION_PREFIX: 'test-',
      }).reconciler,
    ).toEqual({ intervalMs: 500, windowMs: 3_600_000, settleMs: 3_000, registrationPrefix: 'test-' });
  });

  it('hands the Kafka sign-in to its Kafka clients, and names a missing credential', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'payment-service' };
    expect(loadConfig({ ...valid, ...sasl, KAFKA_SASL_PASSWORD: 'secret' }).kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      sasl: { mechanism: 'scram-sha-512', username: 'payment-service', password: 'secret' },
    });
    expect(() => loadConfig({ ...valid, ...sasl })).toThrow(
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-512)',
    );
  });
});
