import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { runMigrations, type MigrationSet, type Queryable } from '@platform/persistence';
import { Pool, type PoolClient, type PoolConfig } from 'pg';

/** One Postgres pool: migrates its database at start, closes after the consumer drained. */
export class Database implements OnModuleInit, OnApplicationShutdown {
  private readonly logger: Logger;
  readonly pool: Pool;

  constructor(
    private readonly config: PoolConfig & { database: string },
    private readonly migrations: MigrationSet,
  ) {
    this.logger = new Logger(`Database(${config.database})`);
    this.pool = new Pool({ ...config, max: 20 });
  }

  async onModuleInit(): Promise<void> {
    const applied = await runMigrations(this.config, this.migrations);
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

/** The service's own database, `payment`: payments, inbox and outbox. */
export class PaymentDatabase extends Database {}

/** The simulated provider's books, `payment_provider`; in production this is the provider's side. */
export class ProviderLedgerDatabase extends Database {}
