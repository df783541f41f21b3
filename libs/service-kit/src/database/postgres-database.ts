import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { runMigrations, type MigrationSet, type Queryable } from '@platform/persistence';
import { Pool, type PoolClient, type PoolConfig } from 'pg';

export interface PostgresDatabaseOptions {
  /** Applied when the module initialises, so before the consumer starts; left out, nothing is migrated. */
  migrations?: MigrationSet;
  /** The pool's connection limit; 20 when left out. */
  maxConnections?: number;
}

/**
 * One Postgres pool as a Nest provider: migrates its database on module init, closes after the
 * consumer drained (application shutdown). Subclass it to name a second database of the same app,
 * or to seed after migrating (override `onModuleInit` and call `super` first).
 */
export class PostgresDatabase implements OnModuleInit, OnApplicationShutdown {
  protected readonly logger: Logger;
  readonly pool: Pool;
  readonly #config: PoolConfig;
  readonly #migrations: MigrationSet | undefined;

  constructor(config: PoolConfig, options: PostgresDatabaseOptions = {}) {
    this.#config = config;
    this.#migrations = options.migrations;
    this.logger = new Logger(`Database(${config.database ?? 'default'})`);
    this.pool = new Pool({ ...config, max: options.maxConnections ?? 20 });
  }

  async onModuleInit(): Promise<void> {
    if (!this.#migrations) return;
    const applied = await runMigrations(this.#config, this.#migrations);
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
