import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { flag, hostPortList } from './environment.schemas';

export const kafkaSaslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** Where the brokers are and how to sign in; the shape @platform/messaging's clients take. */
export interface KafkaConnection {
  brokers: string[];
  sasl?: { mechanism: (typeof kafkaSaslMechanisms)[number]; username: string; password: string };
  /** true: TLS trusting the system's CAs; `{ ca }`: TLS trusting that CA (PEM text). */
  ssl?: boolean | { ca: string };
}

// An empty value (`NAME=` in an env file, an empty Secret key) means unset.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const caFile = z
  .string()
  .min(1)
  .transform((path, ctx) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      ctx.addIssue({ code: 'custom', message: `cannot read ${path} (${code})` });
      return z.NEVER;
    }
  });

/**
 * The Kafka connection variables every service reads: KAFKA_BROKERS, and the optional
 * KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_SSL and KAFKA_SSL_CA_FILE.
 * Intersect a service's schema with it (`schema.and(kafkaConnectionSchema)`): the problems of
 * both are reported together, and the parsed result carries the connection as `kafka`.
 */
export const kafkaConnectionSchema = z
  .object({
    KAFKA_BROKERS: hostPortList.default(['127.0.0.1:19092']),
    KAFKA_SASL_MECHANISM: optional(z.enum(kafkaSaslMechanisms)),
    KAFKA_SASL_USERNAME: optional(z.string().min(1)),
    KAFKA_SASL_PASSWORD: optional(z.string().min(1)),
    KAFKA_SSL: optional(flag),
    KAFKA_SSL_CA_FILE: optional(caFile),
  })
  .superRefine((e, ctx) => {
    const credentials = ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const;
    const given = credentials.filter((name) => e[name] !== undefined);
    if (e.KAFKA_SASL_MECHANISM) {
      for (const name of credentials.filter((name) => !given.includes(name)))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `required when KAFKA_SASL_MECHANISM is set (${e.KAFKA_SASL_MECHANISM})`,
        });
    } else if (given.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SASL_MECHANISM'],
        message: `required with ${given.join(' and ')}: one of ${kafkaSaslMechanisms.join(', ')}`,
      });
    }
    if (e.KAFKA_SSL === false && e.KAFKA_SSL_CA_FILE !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_SSL_CA_FILE'],
        message: 'a CA file means TLS, but KAFKA_SSL is false',
      });
  })
  .transform((e): { kafka: KafkaConnection } => ({
    kafka: {
      brokers: e.KAFKA_BROKERS,
      ...(e.KAFKA_SASL_MECHANISM && {
        sasl: {
          mechanism: e.KAFKA_SASL_MECHANISM,
          username: e.KAFKA_SASL_USERNAME as string,
          password: e.KAFKA_SASL_PASSWORD as string,
        },
      }),
      ...(e.KAFKA_SSL_CA_FILE !== undefined
        ? { ssl: { ca: e.KAFKA_SSL_CA_FILE } }
        : e.KAFKA_SSL !== undefined && { ssl: e.KAFKA_SSL }),
    },
  }));
