import { PostgresDatabase } from '@platform/service-kit';
import type { PoolConfig } from 'pg';
import { migrationSet } from './migrate';
import { demoModules, seedModules } from './seed';

/** The service's Postgres pool: migrates (and seeds the demo modules if asked) before the consumer starts. */
export class Database extends PostgresDatabase {
  constructor(
    config: PoolConfig,
    private readonly options: { seedDemoModules: boolean } = { seedDemoModules: false },
  ) {
    super(config, { migrations: migrationSet, purgesOutbox: true });
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    if (this.options.seedDemoModules) await seedModules(this.pool, demoModules);
  }
}
