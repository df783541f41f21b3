export type { Queryable } from './queryable';
export { OUTBOX_TABLE_DDL, payloadAsBytesDdl } from './outbox.schema';
export { INBOX_TABLE_DDL } from './inbox.schema';
export { connectorPublicationDdl } from './publication.schema';
export { runMigrations } from './migrations/run-migrations';
export type { MigrationFile, MigrationSet } from './migrations/run-migrations';
export { GroupCommit } from './group-commit/group-commit';
export type { GroupCommitOptions, TransactionEnd, TransactionWork } from './group-commit/group-commit';
export { withPreparedStatements } from './prepared-statements';
