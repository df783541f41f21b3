import type { Services } from '@platform/stack';
import type { PlatformTruth } from '../support/platform-truth';
import type { ToxiproxyClient } from './network/toxiproxy-client';
import type { StackFaults } from './stack-faults';

export interface FaultContext {
  /** Every service as its own process, under its supervisor. */
  services: Services;
  stack: StackFaults;
  truth: PlatformTruth;
  /** The proxies between the services and Postgres and Kafka, when the services run behind them. */
  toxiproxy?: ToxiproxyClient;
}

/** One fault of the matrix: done while a registration surge runs, and healed. */
export interface FaultScenario {
  name: string;
  summary: string;
  /** Injects the fault and starts the healing (a restart, `stack up`); returns once that is done. */
  inject(context: FaultContext): Promise<void>;
}
