import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { messagingTestDatabase } from './support/messaging-test-database';
import { addToOutbox, purgeOutbox, type OutboxRecord } from '../src/outbox/outbox.writer';

// The outbox writer on the real Postgres: every record of a call in one INSERT that commits or
// rolls back with the caller's transaction, and rows deleted later in bulk by age.
describe('outbox writer', () => {
  const pool = new Pool(messagingTestDatabase);
  const topic = `test.outbox-writer-${randomUUID().slice(0, 8)}`;
  const record = (n: number): OutboxRecord => ({
    id: randomUUID(),
    topic,
    key: `key-${n}`,
    type: 'SeatReserved',
    data: { n },
    source: 'outbox-writer-spec',
    time: new Date().toISOString(),
    correlationId: `corr-${n}`,
  });
  const rowsOf = async () =>
    (
      await pool.query<{ aggregateid: string; payload: string; correlation_id: string }>(
        `SELECT aggregateid, convert_from(payload, 'UTF8') AS payload, correlation_id
           FROM public.outbox WHERE aggregatetype = $1 ORDER BY aggregateid`,
        [topic],
      )
    ).rows;

  afterAll(async () => {
    await pool.query('DELETE FROM public.outbox WHERE aggregatetype = $1', [topic]);
    await pool.end();
  });

  it('writes every record of a call with its columns, and none when the transaction rolls back', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await addToOutbox(client, [record(1), record(2), record(3)]);
      await client.query('ROLLBACK');
      expect(await rowsOf()).toEqual([]);

      await client.query('BEGIN');
      await addToOutbox(client, [record(1), record(2)]);
      await addToOutbox(client, record(3));
      await addToOutbox(client, []);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    expect(await rowsOf()).toEqual(
      // The payload is stored as the writer serialised it, byte for byte (it is published as is).
      [1, 2, 3].map((n) => ({
        aggregateid: `key-${n}`,
        payload: JSON.stringify({ n }),
        correlation_id: `corr-${n}`,
      })),
    );
  });

  it('purges rows older than it is told, and leaves younger ones', async () => {
    await pool.query(
      "UPDATE public.outbox SET created_at = now() - interval '1 minute' WHERE aggregatetype = $1 AND aggregateid <> 'key-3'",
      [topic],
    );

    expect(await purgeOutbox(pool, 30_000)).toBeGreaterThanOrEqual(2);

    expect((await rowsOf()).map((row) => row.aggregateid)).toEqual(['key-3']);
  });
});
