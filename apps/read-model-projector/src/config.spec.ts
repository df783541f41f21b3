import { loadConfig } from './config';

describe(loadConfig.name, () => {
  it('fills the local stack defaults', () => {
    expect(loadConfig({})).toEqual({
      redis: { host: '127.0.0.1', port: 16379 },
      kafka: { brokers: ['127.0.0.1:19092'], client: 'platformatic' },
      httpPort: 3005,
      rebuildTimeoutMs: 600_000,
    });
  });

  it('names every bad variable in one error', () => {
    expect(() =>
      loadConfig({ REDIS_PORT: 'x', KAFKA_CLIENT: 'rdkafka', HTTP_PORT: '0', REBUILD_TIMEOUT_MS: '-1' }),
    ).toThrow(/REDIS_PORT[\s\S]*KAFKA_CLIENT[\s\S]*HTTP_PORT[\s\S]*REBUILD_TIMEOUT_MS/);
  });

  it('hands the Kafka sign-in to its Kafka clients, and names a missing credential', () => {
    const valid = {};
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'read-model-projector' };
    expect(loadConfig({ ...valid, ...sasl, KAFKA_SASL_PASSWORD: 'secret' }).kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      sasl: { mechanism: 'scram-sha-512', username: 'read-model-projector', password: 'secret' },
    });
    expect(() => loadConfig({ ...valid, ...sasl })).toThrow(
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-512)',
    );
  });
});
