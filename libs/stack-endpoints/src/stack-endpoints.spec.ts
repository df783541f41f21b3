import { readStackEndpoints } from './stack-endpoints';

describe(readStackEndpoints.name, () => {
  it('defaults to the native stack on loopback', () => {
    const endpoints = readStackEndpoints({});
    expect(endpoints.postgres).toEqual({
      host: '127.0.0.1',
      port: 15432,
      user: 'postgres',
      password: 'postgres',
    });
    expect(endpoints.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(endpoints.kafkaConnect.url).toBe('http://127.0.0.1:18083');
  });

  it('takes every host and port from the environment', () => {
    const endpoints = readStackEndpoints({
      POSTGRES_HOST: 'db',
      POSTGRES_PORT: '5432',
      REDIS_HOST: 'cache',
      REDIS_PORT: '6379',
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
      KAFKA_CONNECT_HOST: 'connect',
      KAFKA_CONNECT_PORT: '8083',
    });
    expect(endpoints.postgres.host).toBe('db');
    expect(endpoints.postgres.port).toBe(5432);
    expect(endpoints.redis).toEqual({ host: 'cache', port: 6379 });
    expect(endpoints.kafka.brokers).toEqual(['kafka-0:9092', 'kafka-1:9092']);
    expect(endpoints.kafkaConnect.url).toBe('http://connect:8083');
  });

  it('names every bad variable in one message', () => {
    expect(() => readStackEndpoints({ POSTGRES_PORT: 'x', REDIS_PORT: '70000' })).toThrow(
      /POSTGRES_PORT[\s\S]*REDIS_PORT/,
    );
  });
});
