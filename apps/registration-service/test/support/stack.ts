import { randomUUID } from 'node:crypto';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import {
  createKafkaClient,
  decodeMessage,
  type ConsumerPort,
  type DecodedMessage,
  type InboundMessage,
  type KafkaClientKind,
} from '@platform/messaging';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { loadConfig, type Config } from '../../src/config';

export interface KeyPair {
  privateKey: string;
  publicKey: string;
}

/** A fresh ES256 key pair as PEM, the form the service's configuration takes. */
export async function generatePemKeyPair(): Promise<KeyPair> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { privateKey: await exportPKCS8(pair.privateKey), publicKey: await exportSPKI(pair.publicKey) };
}

/** The service's configuration against the running stack (credentials from infra/postgres/databases.json). */
export function stackConfig(keys: KeyPair, env: Record<string, string> = {}): Config {
  const endpoints = readStackEndpoints();
  return loadConfig({
    POSTGRES_HOST: endpoints.postgres.host,
    POSTGRES_PORT: String(endpoints.postgres.port),
    REGISTRATION_DB_USER: 'registration',
    REGISTRATION_DB_PASSWORD: 'registration',
    KAFKA_BROKERS: endpoints.kafka.brokers.join(','),
    JWT_PRIVATE_KEY: keys.privateKey,
    JWT_PUBLIC_KEY: keys.publicKey,
    PASSWORD_HASH_COST: '4',
    ...env,
  });
}

/** Ids of their own per run, so reruns and parallel specs never share a student or module. */
export const freshId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

export interface ReceivedRecord {
  raw: InboundMessage;
  /** The decoded CloudEvent; undefined for CDC and dead-letter records. */
  message?: DecodedMessage;
}

/** A throwaway consumer group that keeps every record of the topics, from their ends on. */
export async function recordTopics(
  client: KafkaClientKind,
  brokers: string[],
  topics: string[],
  cloudEventTopics: string[],
): Promise<{ records: ReceivedRecord[]; stop: () => Promise<void> }> {
  const kafka = createKafkaClient(client, { brokers });
  const records: ReceivedRecord[] = [];
  const consumer: ConsumerPort = await kafka.createConsumer({
    clientId: 'registration-test-reader',
    groupId: `test.registration-reader-${randomUUID().slice(0, 8)}`,
    topics,
    fromBeginning: false,
    maxWaitMs: 100,
  });
  await consumer.start({
    onAssigned: () => undefined,
    onRevoked: async () => undefined,
    onMessages: async (_partition, messages) => {
      for (const raw of messages) {
        records.push(cloudEventTopics.includes(raw.topic) ? { raw, message: decodeMessage(raw) } : { raw });
      }
    },
  });
  return { records, stop: () => consumer.stop() };
}

export const text = (value: Buffer | null | undefined): string | undefined => value?.toString('utf8');

export { eventually } from '@platform/testing';
