import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DependencyUnavailableError, isDependencyUnavailable, purgeOutbox } from '@platform/messaging';
import {
  GroupCommit,
  runMigrations,
  type MigrationSet,
  type Queryable,
  type TransactionWork,
  withPreparedStatements,
} from '@platform/persistence';
import { Pool, type PoolConfig, type QueryResultRow } from 'pg';
import { Poller } from '../polling/poller';
import { retryWhileUnavailable } from '../resilience/retry-while-unavailable';
import { groupCommitMetrics } from './group-commit.metrics';
import { watchReplicationSlots } from './replication-slot.metrics';

export interface PostgresDatabaseOptions {
  /** Applied when the module initialises, so before the consumer starts; left out, nothing is migrated. */
  migrations?: MigrationSet;
  /** The pool's connection limit; 20 when left out. */
  maxConnections?: number;
  /** The most transactions one group commit carries; 32 when left out (see GroupCommit). */
  maxTransactionsPerCommit?: number;
  /** The database has the outbox table: delete its rows once Debezium has had them a while. */
  purgesOutbox?: boolean;
}

// Debezium reads an outbox row from the WAL at its commit; the row itself is housekeeping after.
const OUTBOX_PURGE_INTERVAL_MS = 5_000;
const OUTBOX_ROW_KEPT_MS = 10_000;

// A connection attempt to a server that does not answer fails after this long instead of hanging.
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * One Postgres pool as a Nest provider: migrates its database on module init, closes after the
 * consumer drained (application shutdown). Subclass it to name a second database of the same app,
 * or to seed after migrating (override `onModuleInit` and call `super` first).
 *
 * It outlives the server: a restart or failover breaks its connections, which the pool drops and
 * replaces on the next use, and every failure that means "the database is not there" is raised as
 * DependencyUnavailableError, which the messaging runtime retries for as long as the outage lasts
 * and HTTP answers with 503 and Retry-After.
 */
export class PostgresDatabase implements OnModuleInit, OnApplicationShutdown {
  protected readonly logger: Logger;
  readonly pool: Pool;
  readonly #config: PoolConfig;
  readonly #migrations: MigrationSet | undefined;
  readonly #name: string;
  readonly #unwatchSlots: () => void;
  readonly #commits: GroupCommit;
  readonly #prepared: Queryable;
  readonly #outboxPurge: Poller | undefined;

  constructor(config: PoolConfig, options: PostgresDatabaseOptions = {}) {
    this.#config = config;
    this.#migrations = options.migrations;
    const database = config.database ?? 'default';
    this.#name = `postgres (${database})`;
    this.logger = new Logger(`Database(${database})`);
    this.pool = new Pool({
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      ...config,
      max: options.maxConnections ?? 20,
    });
    // An idle connection that the server closes (a restart) is reported here; without a listener
    // the pool's 'error' event would end the process.
    this.pool.on('error', (error) => this.logger.warn(`idle connection lost: ${error.message}`));
    this.#unwatchSlots = watchReplicationSlots(database, this.pool);
    this.#prepared = withPreparedStatements(this.pool);
    this.#outboxPurge = options.purgesOutbox
      ? new Poller({
          name: `OutboxPurge(${database})`,
          intervalMs: OUTBOX_PURGE_INTERVAL_MS,
          round: async () => void (await purgeOutbox(this, OUTBOX_ROW_KEPT_MS)),
        })
      : undefined;
    this.#commits = new GroupCommit(this.pool, {
      maxBatch: options.maxTransactionsPerCommit,
      mapError: (error) => this.unavailableOr(error),
      // The pool listens only while a client is idle; without this the process would end.
      onConnectionError: (error) => this.logger.warn(`connection lost in a transaction: ${error.message}`),
      onTransactionEnd: groupCommitMetrics(database),
    });
  }

  async onModuleInit(): Promise<void> {
    await this.migrate();
    this.#outboxPurge?.start();
  }

  private async migrate(): Promise<void> {
    const migrations = this.#migrations;
    if (!migrations) return;
    const applied = await retryWhileUnavailable(
      () => runMigrations(this.#config, migrations),
      (error, delayMs) =>
        this.logger.warn(
          `${this.#name} not reachable to migrate (${errorMessage(error)}); again in ${delayMs} ms`,
        ),
    );
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.#unwatchSlots();
    await this.#outboxPurge?.stop();
    await this.pool.end();
  }

  query: Queryable['query'] = <R extends QueryResultRow>(text: string, values?: unknown[]) =>
    this.#prepared.query<R>(text, values).catch((error: unknown) => {
      throw this.unavailableOr(error);
    });

  /**
   * Runs `work` in one transaction: commits what it did, or rolls everything back if it throws.
   * Transactions asked for at the same time share one commit (GroupCommit); each still sees only
   * its own result or error.
   */
  transaction<T>(work: TransactionWork<T>): Promise<T> {
    return this.#commits.transaction(work);
  }

  private unavailableOr(error: unknown): unknown {
    return isDependencyUnavailable(error) && !(error instanceof DependencyUnavailableError)
      ? new DependencyUnavailableError(this.#name, error)
      : error;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
