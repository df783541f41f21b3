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
});
