import type { StackConfig } from '../stack.config';
import type { RestartPolicy } from '../supervisor/restart-policy';
import { findServices, type ServiceDefinition } from './service-definitions';
import { serviceEnvironment } from './service-environment';
import { ServiceProcess, type ServiceState } from './service-process';
import { ensureSessionKeys } from './session-keys';

export interface ServicesOptions {
  /** Only these apps (default: every service in apps/). */
  only?: readonly string[];
  /** Extra environment per app, or for all under '*'. */
  env?: Record<string, Record<string, string>>;
  /**
   * Run each service under a supervisor that restarts it by this policy (the CLI and
   * `./platform start` do). Without one a service that dies stays dead, which the e2e tier's
   * crash specs rely on.
   */
  restartPolicy?: RestartPolicy;
}

/** The platform's services on the native stack, each as its own process (what `./platform start` runs). */
export class Services {
  readonly processes: ServiceProcess[];

  constructor(
    private readonly config: StackConfig,
    private readonly options: ServicesOptions = {},
  ) {
    const keys = ensureSessionKeys(config.stateDir);
    const selected = findServices(config.repoRoot).filter(
      (service) => !options.only || options.only.includes(service.app),
    );
    this.processes = selected.map(
      (service: ServiceDefinition) =>
        new ServiceProcess(
          service,
          config,
          serviceEnvironment(config, service, keys, { ...options.env?.['*'], ...options.env?.[service.app] }),
          options.restartPolicy,
        ),
    );
  }

  get(app: string): ServiceProcess {
    const found = this.processes.find((process) => process.service.app === app);
    if (!found)
      throw new Error(
        `no service named ${app} (known: ${this.processes.map((p) => p.service.app).join(', ')})`,
      );
    return found;
  }

  /**
   * Another instance of a service, unsupervised: a process, log and pid file of its own
   * (`<app>.<n>`) on its own HTTP port, in the service's consumer group, so starting or stopping
   * it rebalances the group. Not among `processes`: the caller stops it.
   */
  instance(app: string, n: number, httpPort: number): ServiceProcess {
    const service = this.get(app).service;
    const keys = ensureSessionKeys(this.config.stateDir);
    const env = { ...this.options.env?.['*'], ...this.options.env?.[app], HTTP_PORT: String(httpPort) };
    return new ServiceProcess(
      { ...service, app: `${app}.${n}` },
      this.config,
      serviceEnvironment(this.config, service, keys, env),
    );
  }

  /** Starts every service that is not running, then waits until each is ready. */
  async up(timeoutMs?: number): Promise<void> {
    for (const service of this.processes) service.start();
    await Promise.all(this.processes.map((service) => service.waitReady(timeoutMs)));
  }

  async down(): Promise<void> {
    await Promise.all(this.processes.map((service) => service.stop()));
  }

  status(): Promise<ServiceState[]> {
    return Promise.all(this.processes.map((service) => service.state()));
  }
}
