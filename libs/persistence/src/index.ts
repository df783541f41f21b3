export type { Queryable } from './queryable';
export { OUTBOX_TABLE_DDL } from './outbox.schema';
export { INBOX_TABLE_DDL } from './inbox.schema';
export { runMigrations } from './migrations/run-migrations';
export type { MigrationFile, MigrationSet } from './migrations/run-migrations';
