import type { QueryResult, QueryResultRow } from 'pg';

/** A pg client or pool client inside a transaction: all the outbox and inbox need. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
