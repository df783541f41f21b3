import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { port } from './environment.schemas';
import { kafkaConnectionSchema } from './kafka-connection.schema';
import { ConfigurationError, parseEnvironment } from './parse-environment';

const serviceSchema = z.object({ HTTP_PORT: port.default(3000) }).and(kafkaConnectionSchema);
const parse = (env: Record<string, string>) => parseEnvironment('svc', serviceSchema, env);

function problemsOf(env: Record<string, string>): string[] {
  try {
    parse(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('kafkaConnectionSchema', () => {
  it('connects to the local broker, unauthenticated and in the clear, when nothing is set', () => {
    expect(parse({})).toEqual({ HTTP_PORT: 3000, kafka: { brokers: ['127.0.0.1:19092'] } });
  });

  it('signs in with the mechanism, user name and password given', () => {
    const { kafka } = parse({
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'payment-service',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(kafka).toEqual({
      brokers: ['kafka-0:9092', 'kafka-1:9092'],
      sasl: { mechanism: 'scram-sha-512', username: 'payment-service', password: 's3cret' },
    });
  });

  it('names each credential a mechanism lacks, beside the service’s own problems', () => {
    expect(problemsOf({ HTTP_PORT: '0', KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toEqual([
      expect.stringMatching(/^HTTP_PORT: /),
      'KAFKA_SASL_USERNAME: required when KAFKA_SASL_MECHANISM is set (scram-sha-256)',
      'KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is set (scram-sha-256)',
    ]);
  });

  it('refuses credentials without a mechanism, and a mechanism it does not know', () => {
    expect(problemsOf({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' })).toEqual([
      'KAFKA_SASL_MECHANISM: required with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: one of plain, scram-sha-256, scram-sha-512',
    ]);
    expect(
      problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }),
    ).toEqual([expect.stringMatching(/^KAFKA_SASL_MECHANISM: /)]);
  });

  it('treats empty values as unset', () => {
    expect(
      parse({ KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '', KAFKA_SSL: '' })
        .kafka,
    ).toEqual({ brokers: ['127.0.0.1:19092'] });
  });

  it('turns TLS on with KAFKA_SSL, and trusts the CA whose file KAFKA_SSL_CA_FILE names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-ca-'));
    try {
      const caFile = join(dir, 'ca.crt');
      writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n');
      expect(parse({ KAFKA_SSL: 'true' }).kafka.ssl).toBe(true);
      expect(parse({ KAFKA_SSL: 'false' }).kafka.ssl).toBe(false);
      expect(parse({ KAFKA_SSL_CA_FILE: caFile }).kafka.ssl).toEqual({
        ca: '-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----\n',
      });
      expect(problemsOf({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: caFile })).toEqual([
        'KAFKA_SSL_CA_FILE: a CA file means TLS, but KAFKA_SSL is false',
      ]);
      expect(problemsOf({ KAFKA_SSL_CA_FILE: join(dir, 'missing.crt') })).toEqual([
        `KAFKA_SSL_CA_FILE: cannot read ${join(dir, 'missing.crt')} (ENOENT)`,
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
