import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { messagingTestDatabase } from './support/messaging-test-database';
import { firstDelivery } from '../src/inbox/inbox';

// The inbox on the real Postgres: a message id is applied once per consumer group, and the
// record of it commits or rolls back with the effect.
describe('inbox', () => {
  const pool = new Pool(messagingTestDatabase);
  const group = `inbox-test-${randomUUID().slice(0, 8)}`;

  beforeAll(() =>
    pool.query(
      'CREATE TABLE IF NOT EXISTS inbox_effects (message_id text NOT NULL, consumer_group text NOT NULL)',
    ),
  );
  afterAll(() => pool.end());

  async function applyOnce(messageId: string, consumerGroup = group): Promise<boolean> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const first = await firstDelivery(client, consumerGroup, messageId);
      if (first) {
        await client.query('INSERT INTO inbox_effects (message_id, consumer_group) VALUES ($1, $2)', [
          messageId,
          consumerGroup,
        ]);
      }
      await client.query('COMMIT');
      return first;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  const effects = async (messageId: string) =>
    Number(
      (await pool.query('SELECT count(*) FROM inbox_effects WHERE message_id = $1', [messageId])).rows[0]
        .count,
    );

  it('applies a redelivered message once', async () => {
    const id = randomUUID();
    expect(await applyOnce(id)).toBe(true);
    expect(await applyOnce(id)).toBe(false);
    expect(await effects(id)).toBe(1);
  });

  it('applies concurrent deliveries of one message once', async () => {
    const id = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => applyOnce(id)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await effects(id)).toBe(1);
  });

  it('keeps each consumer group apart', async () => {
    const id = randomUUID();
    expect(await applyOnce(id, `${group}-a`)).toBe(true);
    expect(await applyOnce(id, `${group}-b`)).toBe(true);
  });

  it('forgets a delivery whose transaction rolled back, so the retry applies it', async () => {
    const id = randomUUID();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      expect(await firstDelivery(client, group, id)).toBe(true);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await applyOnce(id)).toBe(true);
    expect(await effects(id)).toBe(1);
  });
});
