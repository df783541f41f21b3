import type { QueryConfig } from 'pg';
import { withPreparedStatements, type NamingClient } from './prepared-statements';

function recordingClient(): { client: NamingClient; calls: unknown[] } {
  const calls: unknown[] = [];
  const client = {
    query: async (config: QueryConfig | string, values?: unknown[]) => {
      calls.push(typeof config === 'string' ? { text: config, values } : config);
      return { rows: [], rowCount: 0 };
    },
  } as unknown as NamingClient;
  return { client, calls };
}

describe(withPreparedStatements.name, () => {
  it('names parameterised DML after its text, the same name for the same text', async () => {
    const { client, calls } = recordingClient();
    const tx = withPreparedStatements(client);

    await tx.query('INSERT INTO t (a) VALUES ($1)', [1]);
    await tx.query('INSERT INTO t (a) VALUES ($1)', [2]);
    await tx.query('  select * from t where a = $1', [3]);

    const [first, second, third] = calls as QueryConfig[];
    expect(first!.name).toMatch(/^p_[0-9a-f]{20}$/);
    expect(second).toEqual({ name: first!.name, text: 'INSERT INTO t (a) VALUES ($1)', values: [2] });
    expect(third!.name).toMatch(/^p_/);
    expect(third!.name).not.toBe(first!.name);
  });

  it('runs statements without values, and anything but DML, as given', async () => {
    const { client, calls } = recordingClient();
    const tx = withPreparedStatements(client);

    await tx.query('BEGIN');
    await tx.query('CREATE TABLE t (a int)', []);

    expect(calls).toEqual([
      { text: 'BEGIN', values: undefined },
      { text: 'CREATE TABLE t (a int)', values: [] },
    ]);
  });
});
