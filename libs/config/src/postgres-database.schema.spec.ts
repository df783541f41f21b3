import { z } from 'zod';
import { port } from './environment.schemas';
import { ConfigurationError, parseEnvironment } from './parse-environment';
import { postgresDatabaseSchema, postgresDatabasesSchema } from './postgres-database.schema';

function problemsOf(schema: z.ZodType, env: Record<string, string>): string[] {
  try {
    parseEnvironment('svc', schema, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return [...error.problems];
    throw error;
  }
  return [];
}

describe(postgresDatabaseSchema.name, () => {
  const serviceSchema = z
    .object({ HTTP_PORT: port.default(3000) })
    .and(postgresDatabaseSchema('SEAT_INVENTORY', 'seat_inventory'));
  const parse = (env: Record<string, string>) => parseEnvironment('svc', serviceSchema, env);
  const credentials = { SEAT_INVENTORY_DB_USER: 'seat_inventory', SEAT_INVENTORY_DB_PASSWORD: 's3cret' };

  it('connects to the local server and the default database when only the credentials are set', () => {
    expect(parse(credentials)).toEqual({
      HTTP_PORT: 3000,
      database: {
        host: '127.0.0.1',
        port: 15432,
        user: 'seat_inventory',
        password: 's3cret',
        database: 'seat_inventory',
      },
    });
  });

  it('reads the server, the credentials and the database name from the prefixed variables', () => {
    expect(
      parse({
        ...credentials,
        POSTGRES_HOST: 'db.internal',
        POSTGRES_PORT: '5432',
        SEAT_INVENTORY_DB_NAME: 'seats',
      }).database,
    ).toEqual({
      host: 'db.internal',
      port: 5432,
      user: 'seat_inventory',
      password: 's3cret',
      database: 'seats',
    });
  });

  it('names each bad variable exactly, after the service’s own problems', () => {
    expect(
      problemsOf(serviceSchema, { HTTP_PORT: '0', POSTGRES_PORT: 'x', SEAT_INVENTORY_DB_NAME: '' }),
    ).toEqual([
      expect.stringMatching(/^HTTP_PORT: /),
      expect.stringMatching(/^POSTGRES_PORT: /),
      expect.stringMatching(/^SEAT_INVENTORY_DB_USER: /),
      expect.stringMatching(/^SEAT_INVENTORY_DB_PASSWORD: /),
      expect.stringMatching(/^SEAT_INVENTORY_DB_NAME: /),
    ]);
  });

  it('reads only its own variables when parsed alone, as a migration command does', () => {
    expect(
      parseEnvironment('svc', postgresDatabaseSchema('SAGA', 'saga'), {
        SAGA_DB_USER: 'saga',
        SAGA_DB_PASSWORD: 'p',
        HTTP_PORT: 'not checked here',
      }),
    ).toEqual({
      database: { host: '127.0.0.1', port: 15432, user: 'saga', password: 'p', database: 'saga' },
    });
  });
});

describe(postgresDatabasesSchema.name, () => {
  const schema = postgresDatabasesSchema({
    payment: { prefix: 'PAYMENT', defaultName: 'payment' },
    provider: { prefix: 'PAYMENT_PROVIDER', defaultName: 'payment_provider' },
  });
  const credentials = {
    PAYMENT_DB_USER: 'payment',
    PAYMENT_DB_PASSWORD: 'p1',
    PAYMENT_PROVIDER_DB_USER: 'payment_provider',
    PAYMENT_PROVIDER_DB_PASSWORD: 'p2',
  };

  it('connects to each database on the one server, under the keys given', () => {
    expect(parseEnvironment('svc', schema, { ...credentials, POSTGRES_HOST: 'db' })).toEqual({
      databases: {
        payment: { host: 'db', port: 15432, user: 'payment', password: 'p1', database: 'payment' },
        provider: {
          host: 'db',
          port: 15432,
          user: 'payment_provider',
          password: 'p2',
          database: 'payment_provider',
        },
      },
    });
  });

  it('names each database’s missing variables, and a bad server variable once', () => {
    expect(
      problemsOf(schema, { POSTGRES_PORT: '70000', PAYMENT_DB_USER: 'payment', PAYMENT_DB_NAME: '' }),
    ).toEqual([
      expect.stringMatching(/^POSTGRES_PORT: /),
      expect.stringMatching(/^PAYMENT_DB_PASSWORD: /),
      expect.stringMatching(/^PAYMENT_DB_NAME: /),
      expect.stringMatching(/^PAYMENT_PROVIDER_DB_USER: /),
      expect.stringMatching(/^PAYMENT_PROVIDER_DB_PASSWORD: /),
    ]);
  });
});
