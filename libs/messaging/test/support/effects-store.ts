import { GroupCommit, type TransactionEnd } from '@platform/persistence';
import { Pool } from 'pg';
import { messagingTestDatabase } from './messaging-test-database';
import { firstDelivery } from '../../src/inbox/inbox';

/** Thrown by `apply` for a message the test marked as poison, after its effect was written. */
export class PoisonEffectError extends Error {
  override readonly name = 'PoisonEffectError';
}

/**
 * A handler's effect in Postgres, guarded by the inbox in the same transaction: one row per
 * applied message in runtime_effects, one per redelivery the inbox turned away. Every apply goes
 * through group commit, as the services' transactions do, and each row records the transaction it
 * committed in and the order it was applied in, so a spec can see the batches.
 */
export class EffectsStore {
  readonly pool = new Pool({ ...messagingTestDatabase, max: 8 });
  /** Told how each group commit ended. */
  onTransactionEnd: (end: TransactionEnd) => void = () => undefined;
  private readonly commits = new GroupCommit(this.pool, {
    onTransactionEnd: (end) => this.onTransactionEnd(end),
  });

  async prepare(): Promise<void> {
    for (const table of ['runtime_effects', 'runtime_redeliveries']) {
      await this.pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
        consumer_group text NOT NULL, message_id text NOT NULL, seq int NOT NULL)`);
      await this.pool.query(`ALTER TABLE ${table}
        ADD COLUMN IF NOT EXISTS module_id text,
        ADD COLUMN IF NOT EXISTS txid bigint,
        ADD COLUMN IF NOT EXISTS applied bigserial`);
    }
  }

  apply(
    consumerGroup: string,
    message: { messageId: string; seq: number; moduleId: string },
    poison = false,
  ): Promise<void> {
    return this.commits.transaction(async (tx) => {
      const table = (await firstDelivery(tx, consumerGroup, message.messageId))
        ? 'runtime_effects'
        : 'runtime_redeliveries';
      await tx.query(
        `INSERT INTO ${table} (consumer_group, message_id, seq, module_id, txid)
         VALUES ($1, $2, $3, $4, txid_current())`,
        [consumerGroup, message.messageId, message.seq, message.moduleId],
      );
      if (poison) throw new PoisonEffectError(`seq ${message.seq} is poison`);
    });
  }

  async effects(consumerGroup: string): Promise<{ total: number; distinct: number; seqs: number[] }> {
    const { rows } = await this.pool.query<{ seq: number }>(
      'SELECT seq FROM runtime_effects WHERE consumer_group = $1 ORDER BY seq',
      [consumerGroup],
    );
    const seqs = rows.map((row) => row.seq);
    return { total: seqs.length, distinct: new Set(seqs).size, seqs };
  }

  /** The seqs of each module's effects in the order they were applied. */
  async appliedOrderByModule(consumerGroup: string): Promise<Map<string, number[]>> {
    const { rows } = await this.pool.query<{ module_id: string; seq: number }>(
      'SELECT module_id, seq FROM runtime_effects WHERE consumer_group = $1 ORDER BY applied',
      [consumerGroup],
    );
    const byModule = new Map<string, number[]>();
    for (const row of rows) byModule.set(row.module_id, [...(byModule.get(row.module_id) ?? []), row.seq]);
    return byModule;
  }

  /** How many transactions committed the group's effects, and the most effects one carried. */
  async commitsOf(consumerGroup: string): Promise<{ transactions: number; largest: number }> {
    const { rows } = await this.pool.query<{ transactions: string; largest: string }>(
      `SELECT count(*) AS transactions, coalesce(max(effects), 0) AS largest FROM (
         SELECT txid, count(*) AS effects FROM runtime_effects WHERE consumer_group = $1 GROUP BY txid) t`,
      [consumerGroup],
    );
    return { transactions: Number(rows[0]!.transactions), largest: Number(rows[0]!.largest) };
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
