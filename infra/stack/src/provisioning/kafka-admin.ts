import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { StackConfig } from '../stack.config';

/** A connected admin client for one short task; the caller's function runs, then it disconnects. */
export async function withKafkaAdmin<T>(config: StackConfig, task: (admin: Admin) => Promise<T>): Promise<T> {
  const kafka = new Kafka({
    clientId: 'platform-stack',
    brokers: config.endpoints.kafka.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 2, initialRetryTime: 200 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await task(admin);
  } finally {
    await admin.disconnect();
  }
}
