export type { Queryable } from './queryable';
export { OUTBOX_TABLE_DDL } from './outbox.schema';
export { INBOX_TABLE_DDL } from './inbox.schema';
