import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { messagingTestDatabase } from './support/messaging-test-database';
import { firstDelivery, firstDeliveryWith } from '../src/inbox/inbox';

// The inbox on the real Postgres: a message id is applied once per consumer group, and the
// record of it commits or rolls back with the effect.
describe('inbox', () => {
  const pool = new Pool(messagingTestDatabase);
  const group = `inbox-test-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS inbox_effects (message_id text NOT NULL, consumer_group text NOT NULL)',
    );
    await pool.query(
      `CREATE TABLE IF NOT EXISTS inbox_accounts
         (account_id text PRIMARY KEY, balance int NOT NULL, opened_at timestamptz NOT NULL)`,
    );
  });
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

  describe('with the first read in the same statement', () => {
    const lockAccount = (accountId: string) => ({
      text: 'SELECT account_id, balance, opened_at FROM inbox_accounts WHERE account_id = $1 FOR UPDATE',
      values: [accountId],
    });
    interface Account {
      account_id: string;
      balance: number;
      opened_at: Date;
    }

    async function inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    }

    it("returns the read's rows, typed as a plain query would, and whether the message is new", async () => {
      const accountId = randomUUID();
      const openedAt = new Date('2026-12-01T08:00:00.000Z');
      await pool.query('INSERT INTO inbox_accounts VALUES ($1, 40, $2)', [accountId, openedAt]);
      const id = randomUUID();

      const first = await inTransaction((client) =>
        firstDeliveryWith<Account>(client, group, id, lockAccount(accountId)),
      );
      const again = await inTransaction((client) =>
        firstDeliveryWith<Account>(client, group, id, lockAccount(accountId)),
      );

      expect(first).toEqual({
        first: true,
        rows: [{ account_id: accountId, balance: 40, opened_at: openedAt }],
      });
      expect(again.first).toBe(false);
      expect(again.rows).toEqual(first.rows);
    });

    it('returns no rows when the read finds none, and still records the delivery', async () => {
      const id = randomUUID();
      const delivery = await inTransaction((client) =>
        firstDeliveryWith<Account>(client, group, id, lockAccount('no-such-account')),
      );
      expect(delivery).toEqual({ first: true, rows: [] });
      expect(await applyOnce(id)).toBe(false);
    });

    it("holds the read's row lock until the transaction ends", async () => {
      const accountId = randomUUID();
      await pool.query('INSERT INTO inbox_accounts VALUES ($1, 0, now())', [accountId]);
      const holder = await pool.connect();
      try {
        await holder.query('BEGIN');
        await firstDeliveryWith<Account>(holder, group, randomUUID(), lockAccount(accountId));
        const other = await pool.connect();
        try {
          await other.query("SET lock_timeout = '200ms'");
          await expect(
            other.query('SELECT 1 FROM inbox_accounts WHERE account_id = $1 FOR UPDATE', [accountId]),
          ).rejects.toThrow(/lock timeout/);
        } finally {
          other.release();
        }
        await holder.query('COMMIT');
      } finally {
        holder.release();
      }
    });
  });
});
