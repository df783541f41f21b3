import { ConfigurationError } from '@platform/config';
import { loadConfig } from './config';

describe(loadConfig.name, () => {
  it('fills every default beside the public key', () => {
    const config = loadConfig({
      JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
    });
    expect(config.httpPort).toBe(3006);
    expect(config.jwt).toEqual({
      publicKeyPem: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----',
      issuer: 'course-platform/registration-service',
      audience: 'course-platform',
    });
    expect(config.gateway).toMatchObject({
      allowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
      maxMessageBytes: 16 * 1024,
      maxSubscriptions: 50,
      maxQueued: 256,
      pingIntervalMs: 15_000,
      sessionWaitMs: 10_000,
    });
    expect(config.gateway.instanceId).toMatch(/-\d+$/);
  });

  it('names every bad variable in one error', () => {
    expect(() => loadConfig({ GATEWAY_MAX_QUEUED: '0', HTTP_PORT: 'x' })).toThrow(ConfigurationError);
    try {
      loadConfig({ GATEWAY_MAX_QUEUED: '0', HTTP_PORT: 'x' });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ['GATEWAY_MAX_QUEUED', 'HTTP_PORT', 'JWT_PUBLIC_KEY'])
        expect(message).toContain(name);
    }
  });

  it('hands the Kafka sign-in to its Kafka clients, and names a missing credential', () => {
    const valid = { JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----' };
    const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'notification-gateway' };
    expect(loadConfig({ ...valid, ...sasl, KAFKA_SASL_PASSWORD: 'secret' }).kafka).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      sasl: { mechanism: 'scram-sha-512', username: 'notification-gateway', password: 'secret' },
    });
    expect(() => loadConfig({ ...valid, ...sasl })).toThrow(
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-512)',
    );
  });
});
