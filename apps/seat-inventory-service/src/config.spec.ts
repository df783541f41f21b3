import { loadConfig, loadDatabaseConfig } from './config';

describe(loadConfig.name, () => {
  const valid = { SEAT_INVENTORY_DB_USER: 'seat_inventory', SEAT_INVENTORY_DB_PASSWORD: 'secret' };

  it('fills the local stack defaults', () => {
    expect(loadConfig(valid)).toEqual({
      database: {
        host: '127.0.0.1',
        port: 15432,
        user: 'seat_inventory',
        password: 'secret',
        database: 'platform',
      },
      kafka: { brokers: ['127.0.0.1:19092'], client: 'platformatic' },
      httpPort: 3002,
      seedDemoModules: false,
    });
  });

  it('splits the broker list', () => {
    expect(loadConfig({ ...valid, KAFKA_BROKERS: 'a:1, b:2' }).kafka.brokers).toEqual(['a:1', 'b:2']);
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({ POSTGRES_PORT: 'x', KAFKA_CLIENT: 'rdkafka', HTTP_PORT: '0' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'POSTGRES_PORT',
      'SEAT_INVENTORY_DB_USER',
      'SEAT_INVENTORY_DB_PASSWORD',
      'KAFKA_CLIENT',
      'HTTP_PORT',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('needs only the database for migrations and the seed', () => {
    expect(loadDatabaseConfig(valid)).toEqual(loadConfig(valid).database);
    expect(() => loadDatabaseConfig({ HTTP_PORT: '0' })).toThrow(
      /^Invalid seat-inventory-service configuration:\n  SEAT_INVENTORY_DB_USER: .*\n  SEAT_INVENTORY_DB_PASSWORD: [^\n]*$/,
    );
  });

  it('hands the Kafka sign-in to its Kafka clients, and names a missing credential', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'seat-inventory-service' };
    expect(loadConfig({ ...valid, ...sasl, KAFKA_SASL_PASSWORD: 'secret' }).kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      sasl: { mechanism: 'scram-sha-512', username: 'seat-inventory-service', password: 'secret' },
    });
    expect(() => loadConfig({ ...valid, ...sasl })).toThrow(
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-512)',
    );
  });
});
