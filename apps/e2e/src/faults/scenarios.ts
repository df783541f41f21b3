import { setTimeout as sleep } from 'node:timers/promises';
import { consumerGroupCatalog, serviceNames, topicsConsumedBy, type ServiceName } from '@platform/contracts';
import { createKafkaClient, executeReplay, planReplay } from '@platform/messaging';
import { loadStackConfig } from '@platform/stack';
import type { FaultScenario } from './fault-scenario';
import { networkScenarios } from './scenarios/network';

/** SIGKILL of one service mid-surge; its supervisor brings it back. */
const killService = (app: ServiceName): FaultScenario => ({
  name: `kill ${app}`,
  summary: `SIGKILL of ${app}; its supervisor restarts it`,
  async inject({ services: running }) {
    const service = running.get(app);
    await service.kill('SIGKILL');
    await service.waitReady();
  },
});

const restartComponent = (
  name: string,
  component: 'postgres' | 'redis' | 'kafka' | 'kafka-connect',
  signal: NodeJS.Signals,
  downMs: number,
  summary: string,
): FaultScenario => ({
  name,
  summary,
  async inject({ stack }) {
    await stack.kill(component, signal);
    await sleep(downMs);
    await stack.heal();
  },
});

/**
 * Redelivery mid-surge: saga-coordinator stops (draining), its group is moved back a minute on
 * every topic it reads, and it starts again, so it reads everything of that minute a second time.
 */
const duplicateDelivery: FaultScenario = {
  name: 'duplicate delivery',
  summary: 'saga-coordinator replayed from a minute earlier while the surge runs',
  async inject({ services: running }) {
    const saga = running.get('saga-coordinator');
    const group = consumerGroupCatalog.find((candidate) => candidate.name === 'saga-coordinator')!;
    const kafka = createKafkaClient('platformatic', { brokers: loadStackConfig().endpoints.kafka.brokers });
    const admin = await kafka.createAdmin({ clientId: 'fault-matrix-replay' });
    try {
      await saga.stop();
      const plan = await planReplay(admin, group.name, topicsConsumedBy(group), {
        kind: 'timestamp',
        timestamp: Date.now() - 60_000,
      });
      await executeReplay(admin, group.name, plan);
    } finally {
      await admin.close();
      saga.start();
    }
    await saga.waitReady();
  },
};

/**
 * A rebalance storm mid-surge: for about 20 s, every 2 s an extra instance of seat-inventory-service
 * or saga-coordinator joins its group or leaves it (SIGTERM, draining), so partitions keep moving
 * between owners while the surge runs.
 */
const rebalanceStorm: FaultScenario = {
  name: 'rebalance storm',
  summary: 'instances of seat-inventory-service and saga-coordinator added and removed every 2 s',
  async inject({ services: running }) {
    const extras = ['seat-inventory-service', 'saga-coordinator'].flatMap((app, a) =>
      [1, 2].map((n) => running.instance(app, n, 3_100 + a * 10 + n)),
    );
    try {
      for (let step = 0; step < 10; step += 1) {
        const extra = extras[step % extras.length]!;
        if (extra.pid === undefined) extra.start();
        else await extra.stop();
        await sleep(2_000);
      }
    } finally {
      await Promise.all(extras.map((extra) => extra.stop()));
    }
  },
};

/** How long the long Connect outage lasts; FAULT_CONNECT_OUTAGE_MS shortens it for a quick look. */
const connectOutageMs = Number(process.env.FAULT_CONNECT_OUTAGE_MS ?? 600_000);

const retainedWal = async (registrationUrl: string): Promise<number | undefined> => {
  const metrics = await fetch(`${registrationUrl}/metrics`)
    .then((response) => response.text())
    .catch(() => '');
  const values = [...metrics.matchAll(/^postgres_replication_slot_retained_wal_bytes\{[^}]*\} (\S+)$/gm)];
  return values.length > 0 ? values.reduce((sum, [, value]) => sum + Number(value), 0) : undefined;
};

/**
 * Kafka Connect stopped for ten minutes mid-surge: outbox and CDC rows wait in the replication
 * slots. The slots must keep every byte they hold (wal_status never `lost`, so below
 * max_slot_wal_keep_size), and registration-service's slot metric must show the WAL growing.
 */
const connectOutage: FaultScenario = {
  name: 'connect outage',
  summary: `Kafka Connect stopped for ${connectOutageMs / 60_000} min; the slots hold the WAL, the metric shows it`,
  async inject({ services: running, stack, truth }) {
    const registrationUrl = running.get('registration-service').url;
    await stack.kill('kafka-connect', 'SIGTERM');
    const before = await retainedWal(registrationUrl);
    await sleep(connectOutageMs);
    const after = await retainedWal(registrationUrl);
    const lost = await truth.lostReplicationSlots();
    await stack.heal();
    if (before === undefined || after === undefined)
      throw new Error('registration-service did not report postgres_replication_slot_retained_wal_bytes');
    if (!(after > before))
      throw new Error(`retained WAL did not grow while Connect was down (${before} -> ${after} bytes)`);
    if (lost.length > 0) throw new Error(`replication slots lost WAL: ${lost.join(', ')}`);
  },
};

/** Every scenario of the matrix, in the order it runs them. */
export const faultScenarios: readonly FaultScenario[] = [
  ...serviceNames.map(killService),
  restartComponent('kill kafka', 'kafka', 'SIGKILL', 3_000, 'SIGKILL of the Kafka broker, then stack up'),
  restartComponent(
    'kill connect',
    'kafka-connect',
    'SIGKILL',
    3_000,
    'SIGKILL of Kafka Connect, then stack up',
  ),
  restartComponent(
    'postgres immediate',
    'postgres',
    'SIGQUIT',
    3_000,
    'Postgres immediate shutdown, then stack up',
  ),
  restartComponent('postgres fast', 'postgres', 'SIGINT', 3_000, 'Postgres fast shutdown, then stack up'),
  restartComponent('redis empty', 'redis', 'SIGKILL', 3_000, 'Redis SIGKILL, back empty by stack up'),
  duplicateDelivery,
  rebalanceStorm,
  connectOutage,
  ...networkScenarios,
];

export function findScenarios(names: readonly string[]): FaultScenario[] {
  if (names.length === 0) return [...faultScenarios];
  return names.map((name) => {
    const found = faultScenarios.find((scenario) => scenario.name === name);
    if (!found)
      throw new Error(`no fault scenario "${name}" (known: ${faultScenarios.map((s) => s.name).join(', ')})`);
    return found;
  });
}
