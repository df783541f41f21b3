import { restartPolicyFromEnv, type RestartPolicy } from '@platform/stack';
import { e2eServices } from '../support/e2e-platform';
import { PlatformTruth } from '../support/platform-truth';
import { connectReadModels } from '../support/read-model-client';
import { RegistrationApi } from '../support/registration-api';
import type { FaultScenario } from './fault-scenario';
import { runFault, type FaultRunDependencies, type FaultRunResult } from './fault-run';
import { startPlatformProxies } from './network/platform-proxies';
import { PlatformHealth } from './platform-health';
import { StackFaults } from './stack-faults';

/**
 * The services' restart policy, but for the crash-loop limit: the matrix kills a service on
 * purpose, run after run (five kills of the gateway, which heals in seconds, fit in the two-minute
 * window), and a supervisor giving up on a process somebody else killed would fail the next run.
 */
function matrixRestartPolicy(): RestartPolicy {
  return { ...restartPolicyFromEnv(process.env), crashLoopExits: Number.MAX_SAFE_INTEGER };
}

/**
 * The fault matrix's platform: every service under its supervisor (as `./platform services up`
 * runs them), and what the checks read. Each `run` is one scenario on a surge of its own.
 */
export class FaultMatrix {
  private constructor(
    private readonly deps: FaultRunDependencies,
    private readonly closeReadModels: () => void,
    private readonly stopProxies: () => Promise<void>,
  ) {}

  static async open(): Promise<FaultMatrix> {
    const stack = new StackFaults();
    if (!stack.managedHere) throw new Error('the fault matrix needs the native stack (./platform stack up)');
    // The services reach Postgres and Kafka through Toxiproxy, for the network scenarios.
    const proxies = await startPlatformProxies();
    const services = e2eServices({ '*': proxies.serviceEnvironment }, { supervised: matrixRestartPolicy() });
    const { reader, redis } = connectReadModels();
    const deps: FaultRunDependencies = {
      services,
      stack,
      reader,
      api: new RegistrationApi(services.get('registration-service').url),
      truth: new PlatformTruth(),
      health: await PlatformHealth.open(),
      toxiproxy: proxies.client,
    };
    await services.up();
    return new FaultMatrix(deps, () => redis.disconnect(), proxies.stop);
  }

  run(scenario: FaultScenario): Promise<FaultRunResult> {
    return runFault(scenario, this.deps);
  }

  async close(): Promise<void> {
    await this.deps.services.down();
    await this.stopProxies();
    await this.deps.health.close();
    await this.deps.truth.close();
    this.closeReadModels();
  }
}
