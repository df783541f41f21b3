import { Gauge, register, type Registry } from 'prom-client';
import type { Queryable } from '@platform/persistence';

const METRIC = 'postgres_replication_slot_retained_wal_bytes';

interface WatchedDatabase {
  name: string;
  db: Pick<Queryable, 'query'>;
}

const watched = new Set<WatchedDatabase>();

/**
 * Reports, at every scrape, how much WAL each replication slot of the service's own databases
 * holds back (Debezium's slots). It grows while Kafka Connect is down or behind, and the server
 * drops a slot that passes max_slot_wal_keep_size, so this is the number to alert on before that.
 */
export function watchReplicationSlots(
  name: string,
  db: Pick<Queryable, 'query'>,
  registry: Registry = register,
) {
  const entry = { name, db };
  watched.add(entry);
  if (!registry.getSingleMetric(METRIC)) {
    new Gauge({
      name: METRIC,
      help: "WAL a replication slot of the service's database holds back (from its restart_lsn), in bytes",
      labelNames: ['database', 'slot', 'active'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const { name: database, db: source } of watched) {
          const slots = await source
            .query<{ slot_name: string; active: boolean; retained: string }>(
              `SELECT slot_name, active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::text AS retained
                 FROM pg_replication_slots WHERE database = current_database()`,
            )
            .catch(() => undefined);
          for (const slot of slots?.rows ?? []) {
            this.set({ database, slot: slot.slot_name, active: String(slot.active) }, Number(slot.retained));
          }
        }
      },
    });
  }
  return (): void => void watched.delete(entry);
}
