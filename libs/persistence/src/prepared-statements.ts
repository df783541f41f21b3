import { createHash } from 'node:crypto';
import type { QueryConfig, QueryResult } from 'pg';
import type { Queryable } from './queryable';

/** A pg client: a statement given a name is parsed and planned once per connection. */
export interface NamingClient extends Queryable {
  query(config: QueryConfig): Promise<QueryResult>;
  query(text: string, values?: unknown[]): Promise<QueryResult>;
}

const names = new Map<string, string>();
const MAX_NAMES = 2_000;
// Only plain DML is worth preparing; anything else (DDL, SET, several statements) runs as given.
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;

/** The statement's name: the same text always gets the same one, so each connection prepares it once. */
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined) {
    // A process that builds statements without end (a table name per test) stops naming new ones.
    if (names.size >= MAX_NAMES) return undefined;
    name = `p_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A Queryable whose parameterised DML runs as named prepared statements: Postgres parses and plans
 * each distinct statement once per connection instead of on every call, which is most of what a
 * short INSERT or UPDATE costs it.
 */
export function withPreparedStatements(client: NamingClient): Queryable {
  return {
    query: (text, values) => {
      const name = values !== undefined && PREPARABLE.test(text) ? nameOf(text) : undefined;
      return (
        name === undefined ? client.query(text, values) : client.query({ name, text, values })
      ) as never;
    },
  };
}
