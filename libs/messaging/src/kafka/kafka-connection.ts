import type { ConnectionOptions as PlatformaticConnectionOptions } from '@platformatic/kafka';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { KafkaConnectionOptions, KafkaSaslOptions } from './kafka-client.options';

// The one place that turns the platform's connection options into each client library's shape.

/** The brokers, SASL and TLS part of a kafkajs `Kafka` config. */
export function kafkajsConnection({
  brokers,
  sasl,
  ssl,
}: KafkaConnectionOptions): Pick<KafkaConfig, 'brokers' | 'sasl' | 'ssl'> {
  return {
    brokers,
    // kafkajs types SASLOptions as one object type per mechanism; the fields are the same for all three.
    ...(sasl && { sasl: { ...sasl } as SASLOptions }),
    ...(ssl && { ssl: ssl === true ? true : { ca: [ssl.ca] } }),
  };
}

/** The bootstrap brokers, SASL and TLS part of any @platformatic/kafka client's options. */
export function platformaticConnection({ brokers, sasl, ssl }: KafkaConnectionOptions): {
  bootstrapBrokers: string[];
} & Pick<PlatformaticConnectionOptions, 'sasl' | 'tls' | 'tlsServerName'> {
  return {
    bootstrapBrokers: brokers,
    ...(sasl && { sasl: platformaticSasl(sasl) }),
    // tlsServerName sends the broker's host name (SNI), as kafkajs and the Java client do.
    ...(ssl && { tls: ssl === true ? {} : { ca: ssl.ca }, tlsServerName: true }),
  };
}

function platformaticSasl({
  mechanism,
  username,
  password,
}: KafkaSaslOptions): PlatformaticConnectionOptions['sasl'] {
  const mechanisms = {
    plain: 'PLAIN',
    'scram-sha-256': 'SCRAM-SHA-256',
    'scram-sha-512': 'SCRAM-SHA-512',
  } as const;
  return { mechanism: mechanisms[mechanism], username, password };
}

/** The brokers refused the credentials; retrying with the same ones cannot help. */
export class KafkaAuthenticationError extends Error {
  override readonly name = 'KafkaAuthenticationError';

  constructor(connection: KafkaConnectionOptions, refusal: Error, cause: unknown) {
    const who = connection.sasl
      ? `${connection.sasl.username} (${connection.sasl.mechanism})`
      : 'an unauthenticated client';
    super(`Kafka at ${connection.brokers.join(',')} refused ${who}: ${refusal.message}`, { cause });
  }
}

/**
 * Runs a client's first contact with the brokers; if they refused the credentials, fails with a
 * KafkaAuthenticationError saying who was refused where, rather than the library's own error.
 */
export async function signedIn<T>(connection: KafkaConnectionOptions, connect: () => Promise<T>): Promise<T> {
  try {
    return await connect();
  } catch (error) {
    const refusal = authenticationFailureIn(error);
    if (refusal) throw new KafkaAuthenticationError(connection, refusal, error);
    throw error;
  }
}

/**
 * The first contact of a @platformatic/kafka client. The library retries a refused sign-in like a
 * lost connection (it wraps it in a retriable NetworkError), so the first attempt goes without
 * retries: refused credentials fail at once, anything else is tried again with the client's retries.
 */
export async function platformaticSignIn(
  client: { metadata(options: { topics: string[]; retries?: number }): Promise<unknown> },
  connection: KafkaConnectionOptions,
): Promise<void> {
  try {
    await client.metadata({ topics: [], retries: 0 });
  } catch (error) {
    const refusal = authenticationFailureIn(error);
    if (refusal) throw new KafkaAuthenticationError(connection, refusal, error);
    await signedIn(connection, () => client.metadata({ topics: [] }));
  }
}

// kafkajs throws KafkaJSSASLAuthenticationError; @platformatic/kafka an AuthenticationError
// (code PLT_KFK_AUTHENTICATION) as the cause of a NetworkError, inside a MultipleErrors.
function authenticationFailureIn(error: unknown, depth = 0): Error | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  const { name, code, cause, errors } = error as Error & { code?: unknown; errors?: unknown };
  if (name === 'KafkaJSSASLAuthenticationError' || code === 'PLT_KFK_AUTHENTICATION') return error;
  const inner = [cause, ...(Array.isArray(errors) ? errors : [])];
  for (const candidate of inner) {
    const found = authenticationFailureIn(candidate, depth + 1);
    if (found) return found;
  }
  return undefined;
}
