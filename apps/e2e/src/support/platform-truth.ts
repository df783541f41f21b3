import { loadStackConfig } from '@platform/stack';
import { Pool } from 'pg';

export interface ModuleCounts {
  moduleId: string;
  capacity: number;
  reserved: number;
  confirmed: number;
}

/**
 * What the services' own databases say: the ground truth the read models and the API must agree
 * with. The specs only read here, except for creating modules as an operator would.
 */
export class PlatformTruth {
  private readonly pools = new Map<string, Pool>();

  private pool(database: string): Pool {
    let pool = this.pools.get(database);
    if (!pool) {
      const config = loadStackConfig();
      const spec = config.databases.find((candidate) => candidate.name === database);
      if (!spec) throw new Error(`no database ${database} in infra/postgres/databases.json`);
      pool = new Pool({
        host: config.endpoints.postgres.host,
        port: config.endpoints.postgres.port,
        user: spec.owner,
        password: spec.password,
        database: spec.database,
        max: 4,
      });
      // Fault specs restart Postgres under these pools: a lost idle connection is no failure.
      pool.on('error', () => undefined);
      this.pools.set(database, pool);
    }
    return pool;
  }

  async createModule(module: {
    moduleId: string;
    capacity: number;
    feeCents: number;
    title?: string;
  }): Promise<void> {
    await this.pool('seat_inventory').query(
      `INSERT INTO modules (module_id, title, capacity, fee_cents) VALUES ($1, $2, $3, $4)`,
      [module.moduleId, module.title ?? `E2E ${module.moduleId}`, module.capacity, module.feeCents],
    );
  }

  /** Takes a module out of the catalog, as an operator would in seat-inventory's database. */
  async removeModule(moduleId: string): Promise<void> {
    await this.pool('seat_inventory').query('DELETE FROM modules WHERE module_id = $1', [moduleId]);
  }

  async moduleCounts(moduleId: string): Promise<ModuleCounts | undefined> {
    const { rows } = await this.pool('seat_inventory').query<ModuleCounts>(
      `SELECT module_id AS "moduleId", capacity, reserved, confirmed FROM modules WHERE module_id = $1`,
      [moduleId],
    );
    return rows[0];
  }

  async registrationStatuses(
    moduleId: string,
  ): Promise<{ registrationId: string; status: string; reason: string | null }[]> {
    const { rows } = await this.pool('registration').query(
      `SELECT registration_id AS "registrationId", status, reason FROM registration_status WHERE module_id = $1`,
      [moduleId],
    );
    return rows;
  }

  /** Money the provider took and gave back for one registration (its idempotency key). */
  async providerLedger(registrationId: string): Promise<{ charges: number; refunds: number }> {
    const db = this.pool('payment_provider');
    const charges = await db.query(
      `SELECT count(*)::int AS n FROM provider_charges WHERE idempotency_key = $1`,
      [registrationId],
    );
    const refunds = await db.query(
      `SELECT count(*)::int AS n FROM provider_refunds WHERE idempotency_key = $1`,
      [registrationId],
    );
    return { charges: charges.rows[0].n, refunds: refunds.rows[0].n };
  }

  async paymentStatus(registrationId: string): Promise<string | undefined> {
    const { rows } = await this.pool('payment').query(
      `SELECT status FROM payments WHERE registration_id = $1`,
      [registrationId],
    );
    return rows[0]?.status;
  }

  async allModules(): Promise<ModuleCounts[]> {
    const { rows } = await this.pool('seat_inventory').query<ModuleCounts>(
      `SELECT module_id AS "moduleId", capacity, reserved, confirmed FROM modules ORDER BY module_id`,
    );
    return rows;
  }

  async allRegistrationStatuses(): Promise<
    { registrationId: string; status: string; reason: string | null }[]
  > {
    const { rows } = await this.pool('registration').query(
      `SELECT registration_id AS "registrationId", status, reason FROM registration_status ORDER BY registration_id`,
    );
    return rows;
  }

  /**
   * A summary of every service's durable state: equal before and after a replay means the
   * replay changed nothing.
   */
  async fingerprint(): Promise<Record<string, unknown>> {
    const one = async (database: string, sql: string) => (await this.pool(database).query(sql)).rows;
    return {
      seats: await one(
        'seat_inventory',
        `SELECT md5(coalesce(string_agg(module_id || ':' || reserved || ':' || confirmed, ',' ORDER BY module_id), '')) AS seats,
                (SELECT count(*)::int FROM seat_holds) AS holds FROM modules`,
      ),
      registrations: await one(
        'registration',
        `SELECT status, reason, count(*)::int AS n FROM registration_status GROUP BY status, reason ORDER BY status, reason`,
      ),
      registrationEvents: await one('registration', `SELECT count(*)::int AS n FROM registration_events`),
      payments: await one(
        'payment',
        `SELECT status, count(*)::int AS n FROM payments GROUP BY status ORDER BY status`,
      ),
      ledger: await one(
        'payment_provider',
        `SELECT (SELECT count(*)::int FROM provider_charges) AS charges, (SELECT count(*)::int FROM provider_refunds) AS refunds`,
      ),
      sagas: await one(
        'saga',
        `SELECT status, count(*)::int AS n FROM saga_instances GROUP BY status ORDER BY status`,
      ),
      sagaSteps: await one('saga', `SELECT count(*)::int AS n FROM saga_history`),
    };
  }

  /** Replication slots of any service database whose WAL the server already dropped (`wal_status` lost). */
  async lostReplicationSlots(): Promise<string[]> {
    const { rows } = await this.pool('registration').query<{ slot_name: string }>(
      `SELECT slot_name FROM pg_replication_slots WHERE wal_status = 'lost'`,
    );
    return rows.map((row) => row.slot_name);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.end()));
    this.pools.clear();
  }
}
