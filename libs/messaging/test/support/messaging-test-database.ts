import type { PoolConfig } from 'pg';
import { readStackEndpoints } from '@platform/stack-endpoints';

const { postgres } = readStackEndpoints();

/** The stack's database for the messaging library's specs (outbox and inbox tables included). */
export const messagingTestDatabase: PoolConfig = {
  host: postgres.host,
  port: postgres.port,
  user: 'messaging_test',
  password: 'messaging_test',
  database: 'messaging_test',
};
