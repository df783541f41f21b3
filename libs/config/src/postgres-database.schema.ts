import { z } from 'zod';
import { port } from './environment.schemas';

/** Where one database is and how to sign in; the shape pg's Pool and ClientConfig take. */
export interface PostgresDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** Names one database's variables: `<prefix>_DB_USER`, `<prefix>_DB_PASSWORD`, `<prefix>_DB_NAME`. */
export interface PostgresDatabaseVariables {
  prefix: string;
  /** The database name when `<prefix>_DB_NAME` is not set. */
  defaultName: string;
}

const serverShape = {
  POSTGRES_HOST: z.string().min(1).default('127.0.0.1'),
  POSTGRES_PORT: port.default(15432),
};

const credentialsShape = ({ prefix, defaultName }: PostgresDatabaseVariables) => ({
  [`${prefix}_DB_USER`]: z.string().min(1),
  [`${prefix}_DB_PASSWORD`]: z.string().min(1),
  [`${prefix}_DB_NAME`]: z.string().min(1).default(defaultName),
});

const databaseOf = (e: Record<string, unknown>, { prefix }: PostgresDatabaseVariables): PostgresDatabase => ({
  host: e.POSTGRES_HOST as string,
  port: e.POSTGRES_PORT as number,
  user: e[`${prefix}_DB_USER`] as string,
  password: e[`${prefix}_DB_PASSWORD`] as string,
  database: e[`${prefix}_DB_NAME`] as string,
});

/**
 * The Postgres variables of a service with one database: POSTGRES_HOST, POSTGRES_PORT,
 * `<prefix>_DB_USER`, `<prefix>_DB_PASSWORD` and `<prefix>_DB_NAME` (`defaultName` when unset).
 * Intersect a service's schema with it (`schema.and(postgresDatabaseSchema(...))`): the problems
 * of both are reported together, and the parsed result carries the connection as `database`.
 */
export function postgresDatabaseSchema(prefix: string, defaultName: string) {
  const variables = { prefix, defaultName };
  return z
    .object({ ...serverShape, ...credentialsShape(variables) })
    .transform((e): { database: PostgresDatabase } => ({ database: databaseOf(e, variables) }));
}

/**
 * The same for a service with several databases on one server: POSTGRES_HOST and POSTGRES_PORT
 * once, and each database's variables named by its prefix. The parsed result carries the
 * connections as `databases`, under the keys given here.
 */
export function postgresDatabasesSchema<Key extends string>(
  databases: Record<Key, PostgresDatabaseVariables>,
) {
  const entries = Object.entries(databases) as [Key, PostgresDatabaseVariables][];
  const shape = entries.reduce<z.ZodRawShape>(
    (all, [, variables]) => ({ ...all, ...credentialsShape(variables) }),
    serverShape,
  );
  return z.object(shape).transform((e): { databases: Record<Key, PostgresDatabase> } => ({
    databases: Object.fromEntries(
      entries.map(([key, variables]) => [key, databaseOf(e, variables)]),
    ) as Record<Key, PostgresDatabase>,
  }));
}
