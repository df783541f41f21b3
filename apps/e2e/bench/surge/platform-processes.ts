import { Stack, type Services, type StackConfig } from '@platform/stack';
import type { ProcessGroups } from './process-cpu';

/**
 * The running platform's processes by component: each infrastructure component and each service
 * with everything it runs (Postgres' backends and walsenders are the postmaster's children), and
 * this bench's own process as the load driver. Prometheus is left out: it is the monitoring, not
 * the platform (what its scrapes cost the services counts in theirs).
 */
export async function platformProcesses(config: StackConfig, services: Services): Promise<ProcessGroups> {
  const stack = new Stack(config, { step: () => {}, info: () => {} });
  const groups: Record<string, number[]> = {};
  for (const component of (await stack.status()).components) {
    if (component.pid !== undefined && component.name !== 'prometheus')
      groups[component.name] = [component.pid];
  }
  for (const state of await services.status()) {
    if (state.pid !== undefined) groups[state.app] = [state.pid];
  }
  groups['load driver'] = [process.pid];
  return groups;
}
