import { PostgresDatabase } from '@platform/service-kit';
import type { PoolConfig } from 'pg';
import { migrationSet } from './migrate';

/** The service's Postgres pool: migrates before the consumer starts, closes after it drained. */
export class Database extends PostgresDatabase {
  constructor(config: PoolConfig) {
    super(config, { migrations: migrationSet, purgesOutbox: true });
  }
}
