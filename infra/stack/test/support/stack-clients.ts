import { Kafka, logLevel } from 'kafkajs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { readStackEndpoints } from '@platform/stack-endpoints';

const endpoints = readStackEndpoints();

export function kafkaClient(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: endpoints.kafka.brokers, logLevel: logLevel.NOTHING });
}

export function redisClient(): Redis {
  return new Redis({ host: endpoints.redis.host, port: endpoints.redis.port, maxRetriesPerRequest: 2 });
}

export async function smokeDatabase(): Promise<Client> {
  const client = new Client({
    host: endpoints.postgres.host,
    port: endpoints.postgres.port,
    user: 'smoke',
    password: 'smoke',
    database: 'smoke',
  });
  await client.connect();
  return client;
}
