import { Registry } from 'prom-client';
import { watchReplicationSlots } from './replication-slot.metrics';

const rows = (...slots: { slot_name: string; active: boolean; retained: string }[]) => ({ rows: slots });

describe(watchReplicationSlots.name, () => {
  it("reports each slot's retained WAL at scrape time, skips a database that does not answer, and forgets an unwatched one", async () => {
    const registry = new Registry();
    const unwatchRegistration = watchReplicationSlots(
      'registration',
      {
        query: (async () =>
          rows({ slot_name: 'dbz_registration_outbox', active: false, retained: '7416' })) as never,
      },
      registry,
    );
    watchReplicationSlots(
      'saga',
      { query: (() => Promise.reject(new Error('ECONNREFUSED'))) as never },
      registry,
    );

    expect(await registry.metrics()).toContain(
      'postgres_replication_slot_retained_wal_bytes{database="registration",slot="dbz_registration_outbox",active="false"} 7416',
    );
    unwatchRegistration();
    expect(await registry.metrics()).not.toContain('dbz_registration_outbox');
  });
});
