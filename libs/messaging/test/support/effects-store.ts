import { Pool } from 'pg';
import { readStackEndpoints } from '@platform/stack-endpoints';
import { firstDelivery } from '../../src/inbox/inbox';

const { postgres } = readStackEndpoints();

/**
 * A handler's effect in Postgres, guarded by the inbox in the same transaction: one row per
 * applied message in runtime_effects, one per redelivery the inbox turned away.
 */
export class EffectsStore {
  readonly pool = new Pool({
    host: postgres.host,
    port: postgres.port,
    user: 'messaging_test',
    password: 'messaging_test',
    database: 'messaging_test',
    max: 8,
  });

  async prepare(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS runtime_effects (
      consumer_group text NOT NULL, message_id text NOT NULL, seq int NOT NULL)`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS runtime_redeliveries (
      consumer_group text NOT NULL, message_id text NOT NULL, seq int NOT NULL)`);
  }

  async apply(consumerGroup: string, messageId: string, seq: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const table = (await firstDelivery(client, consumerGroup, messageId))
        ? 'runtime_effects'
        : 'runtime_redeliveries';
      await client.query(`INSERT INTO ${table} (consumer_group, message_id, seq) VALUES ($1, $2, $3)`, [
        consumerGroup,
        messageId,
        seq,
      ]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async effects(consumerGroup: string): Promise<{ total: number; distinct: number; seqs: number[] }> {
    const { rows } = await this.pool.query<{ seq: number }>(
      'SELECT seq FROM runtime_effects WHERE consumer_group = $1 ORDER BY seq',
      [consumerGroup],
    );
    const seqs = rows.map((row) => row.seq);
    return { total: seqs.length, distinct: new Set(seqs).size, seqs };
  }

  async redeliveredSeqs(consumerGroup: string): Promise<number[]> {
    const { rows } = await this.pool.query<{ seq: number }>(
      'SELECT DISTINCT seq FROM runtime_redeliveries WHERE consumer_group = $1 ORDER BY seq',
      [consumerGroup],
    );
    return rows.map((row) => row.seq);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
