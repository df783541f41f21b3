import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultContext, FaultScenario } from '../fault-scenario';
import type { Toxic } from '../network/toxiproxy-client';

/**
 * Puts `toxic` on every proxy of the matrix (so on every connection from a service to Postgres or
 * Kafka, open or new) for `forMs`, then takes it off again.
 */
async function spoilTheNetwork({ toxiproxy }: FaultContext, toxic: Toxic, forMs: number): Promise<void> {
  if (!toxiproxy) throw new Error('a network scenario needs the services behind the fault matrix’s proxies');
  const proxies = await toxiproxy.proxies();
  try {
    for (const proxy of proxies) await toxiproxy.addToxic(proxy.name, toxic);
    await sleep(forMs);
  } finally {
    await toxiproxy.reset();
  }
}

const networkDelay: FaultScenario = {
  name: 'network delay',
  summary: '150 ms ± 100 ms more for every answer from Postgres and Kafka to a service, for 15 s',
  inject: (context) =>
    spoilTheNetwork(
      context,
      {
        name: 'delay',
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: 150, jitter: 100 },
      },
      15_000,
    ),
};

const networkLoss: FaultScenario = {
  name: 'network loss',
  summary: 'a third of the connections to Postgres and Kafka reset at their next request, for 10 s',
  inject: (context) =>
    spoilTheNetwork(
      context,
      // Drawn per connection: a reconnect gets a new draw, as it would on a lossy link.
      { name: 'loss', type: 'reset_peer', stream: 'upstream', toxicity: 0.33, attributes: { timeout: 0 } },
      10_000,
    ),
};

/** The network scenarios of the fault matrix, in the order it runs them. */
export const networkScenarios: readonly FaultScenario[] = [networkDelay, networkLoss];
