import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Queryable } from '@platform/persistence';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { runMigrations } from './migrate';

/** The service's Postgres pool: migrates before the consumer starts, closes after it drained. */
export class Database implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(Database.name);
  readonly pool: Pool;

  constructor(private readonly config: PoolConfig) {
    this.pool = new Pool({ ...config, max: 20 });
  }

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.config);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  query: Queryable['query'] = (text, values) => this.pool.query(text, values);

  /** Runs `work` in one transaction: commits what it did, or rolls everything back if it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
