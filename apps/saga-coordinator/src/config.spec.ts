import { loadConfig, loadDatabaseConfig } from './config';

describe(loadConfig.name, () => {
  const valid = { SAGA_DB_USER: 'saga', SAGA_DB_PASSWORD: 'secret' };

  it('fills the local stack defaults and the saga deadlines', () => {
    expect(loadConfig(valid)).toEqual({
      database: { host: '127.0.0.1', port: 15432, user: 'saga', password: 'secret', database: 'platform' },
      kafka: { brokers: ['127.0.0.1:19092'], client: 'platformatic' },
      httpPort: 3004,
      saga: {
        seatDeadlineMs: 10_000,
        paymentDeadlineMs: 15_000,
        compensationDeadlineMs: 10_000,
        compensationMaxAttempts: 3,
      },
      deadlinePollIntervalMs: 250,
    });
  });

  it('reads the deadlines from the environment', () => {
    const config = loadConfig({
      ...valid,
      SAGA_SEAT_DEADLINE_MS: '500',
      SAGA_PAYMENT_DEADLINE_MS: '700',
      SAGA_COMPENSATION_DEADLINE_MS: '300',
      SAGA_COMPENSATION_MAX_ATTEMPTS: '5',
      SAGA_DEADLINE_POLL_INTERVAL_MS: '50',
    });
    expect(config.saga).toEqual({
      seatDeadlineMs: 500,
      paymentDeadlineMs: 700,
      compensationDeadlineMs: 300,
      compensationMaxAttempts: 5,
    });
    expect(config.deadlinePollIntervalMs).toBe(50);
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({ SAGA_SEAT_DEADLINE_MS: '0', SAGA_COMPENSATION_MAX_ATTEMPTS: 'x', HTTP_PORT: '0' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'SAGA_DB_USER',
      'SAGA_DB_PASSWORD',
      'SAGA_SEAT_DEADLINE_MS',
      'SAGA_COMPENSATION_MAX_ATTEMPTS',
      'HTTP_PORT',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('needs only the database for migrations', () => {
    expect(loadDatabaseConfig({ ...valid, SAGA_DB_NAME: 'saga_2' })).toEqual({
      host: '127.0.0.1',
      port: 15432,
      user: 'saga',
      password: 'secret',
      database: 'saga_2',
    });
  });

  it('hands the Kafka sign-in to its Kafka clients, and names a missing credential', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'saga-coordinator' };
    expect(loadConfig({ ...valid, ...sasl, KAFKA_SASL_PASSWORD: 'secret' }).kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      sasl: { mechanism: 'scram-sha-512', username: 'saga-coordinator', password: 'secret' },
    });
    expect(() => loadConfig({ ...valid, ...sasl })).toThrow(
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-512)',
    );
  });
});
