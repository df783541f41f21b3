import { PostgresDatabase } from '@platform/service-kit';
import type { PoolConfig } from 'pg';
import { migrationSet } from './migrate';
import { demoStudents, seedStudents } from './seed';

/** The service's Postgres pool: migrates (and seeds the demo students if asked) before the consumer starts. */
export class Database extends PostgresDatabase {
  constructor(
    config: PoolConfig,
    private readonly options: { seedDemoStudents: boolean; passwordHashCost: number } = {
      seedDemoStudents: false,
      passwordHashCost: 15,
    },
  ) {
    super(config, { migrations: migrationSet, purgesOutbox: true });
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    if (this.options.seedDemoStudents) {
      await seedStudents(this.pool, demoStudents, { passwordHashCost: this.options.passwordHashCost });
    }
  }
}
