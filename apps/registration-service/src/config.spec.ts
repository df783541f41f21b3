import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadDatabaseConfig, loadSeedConfig } from './config';

describe(loadConfig.name, () => {
  const valid = {
    REGISTRATION_DB_USER: 'registration',
    REGISTRATION_DB_PASSWORD: 'secret',
    JWT_PRIVATE_KEY: 'private-pem',
    JWT_PUBLIC_KEY: 'public-pem',
  };

  it('fills the local stack defaults', () => {
    expect(loadConfig(valid)).toEqual({
      database: {
        host: '127.0.0.1',
        port: 15432,
        user: 'registration',
        password: 'secret',
        database: 'platform',
      },
      kafka: { brokers: ['127.0.0.1:19092'], client: 'platformatic' },
      redis: { host: '127.0.0.1', port: 16379 },
      httpPort: 3001,
      snapshotEvery: 10,
      passwordHashCost: 15,
      tokens: {
        privateKeyPem: 'private-pem',
        publicKeyPem: 'public-pem',
        issuer: 'course-platform/registration-service',
        audience: 'course-platform',
        ttlSeconds: 900,
      },
      sessionSweepIntervalMs: 5000,
      throttle: { windowMs: 60_000, perStudent: 600, perAddress: 20_000 },
      maxInFlightRequests: 512,
      seedDemoStudents: false,
      corsAllowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
    });
  });

  it('reads the CORS origins as a list and refuses one with a path', () => {
    expect(
      loadConfig({ ...valid, CORS_ALLOWED_ORIGINS: 'https://app.example.org, http://localhost:8080' })
        .corsAllowedOrigins,
    ).toEqual(['https://app.example.org', 'http://localhost:8080']);
    expect(() => loadConfig({ ...valid, CORS_ALLOWED_ORIGINS: 'http://localhost:3000/page' })).toThrow(
      /CORS_ALLOWED_ORIGINS\.0: expected scheme:\/\/host\[:port\]/,
    );
  });

  it('reads the keys from files, and turns \\n in an inline PEM into newlines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'registration-config-'));
    writeFileSync(join(dir, 'private.pem'), 'PRIVATE\nPEM\n');
    const config = loadConfig({
      ...valid,
      JWT_PRIVATE_KEY: undefined,
      JWT_PRIVATE_KEY_FILE: join(dir, 'private.pem'),
      JWT_PUBLIC_KEY: 'PUBLIC\\nPEM',
    });

    expect(config.tokens.privateKeyPem).toBe('PRIVATE\nPEM\n');
    expect(config.tokens.publicKeyPem).toBe('PUBLIC\nPEM');
  });

  it('names an unreadable key file', () => {
    expect(() =>
      loadConfig({ ...valid, JWT_PUBLIC_KEY: undefined, JWT_PUBLIC_KEY_FILE: '/nonexistent/public.pem' }),
    ).toThrow(/JWT_PUBLIC_KEY_FILE: cannot read \/nonexistent\/public.pem \(ENOENT\)/);
  });

  it('names every bad variable in one error', () => {
    let message = '';
    try {
      loadConfig({ POSTGRES_PORT: 'x', HTTP_PORT: '0', SNAPSHOT_EVERY: '0', PASSWORD_HASH_COST: '40' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'POSTGRES_PORT',
      'REGISTRATION_DB_USER',
      'REGISTRATION_DB_PASSWORD',
      'HTTP_PORT',
      'SNAPSHOT_EVERY',
      'PASSWORD_HASH_COST',
      'JWT_PRIVATE_KEY',
      'JWT_PUBLIC_KEY',
    ]) {
      expect(message).toContain(name);
    }
  });

  it('needs only the database for migrations', () => {
    expect(loadDatabaseConfig({ REGISTRATION_DB_USER: 'r', REGISTRATION_DB_PASSWORD: 'p' }).database).toBe(
      'platform',
    );
  });

  it('needs only the database and the hash cost for the seed', () => {
    const database = { REGISTRATION_DB_USER: 'r', REGISTRATION_DB_PASSWORD: 'p' };
    expect(loadSeedConfig({ ...database, POSTGRES_HOST: 'db', PASSWORD_HASH_COST: '4' })).toEqual({
      database: { host: 'db', port: 15432, user: 'r', password: 'p', database: 'platform' },
      passwordHashCost: 4,
    });
    expect(() => loadSeedConfig({ PASSWORD_HASH_COST: '40' })).toThrow(
      /PASSWORD_HASH_COST[\s\S]*REGISTRATION_DB_USER[\s\S]*REGISTRATION_DB_PASSWORD/,
    );
  });

  it('hands the Kafka sign-in to its Kafka clients, and names a missing credential', () => {
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'registration-service' };
    expect(loadConfig({ ...valid, ...sasl, KAFKA_SASL_PASSWORD: 'secret' }).kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      sasl: { mechanism: 'scram-sha-512', username: 'registration-service', password: 'secret' },
    });
    expect(() => loadConfig({ ...valid, ...sasl })).toThrow(
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-512)',
    );
  });
});
