import { resolve } from 'node:path';
import { ManagedProcess } from '../process/managed-process';
import { isAlive, type ProcessIdentity } from '../process/process-identity';
import { HopelessError, waitUntil } from '../health/wait-until';
import type { RestartPolicy } from '../supervisor/restart-policy';
import { readRestartRecord, type RestartRecord, type UnexpectedExit } from '../supervisor/restart-record';
import { supervisorArgs } from '../supervisor/supervisor-spec';
import type { ServiceDefinition } from './service-definitions';

export interface ServiceState {
  app: string;
  /** `restarting`: the supervisor waits out the backoff; `crash-loop`: it gave up (see `lastExit`). */
  state: 'ready' | 'starting' | 'restarting' | 'crash-loop' | 'stopped';
  /** The service's own process (under a supervisor, its current child). */
  pid?: number;
  url: string;
  logFile: string;
  restarts: number;
  lastExit?: UnexpectedExit;
}

// A little under stop()'s default grace, so the supervisor kills a stuck service itself and records the stop.
const supervisorStopGraceMs = 25_000;

/**
 * One service of apps/ as its own OS process, started detached and stopped or killed by its pid
 * only. With a restart policy it runs under a supervisor of its own, which restarts it when it
 * exits unasked; the pid file is then the supervisor's, and its record names the service's pid.
 */
export class ServiceProcess {
  private readonly process: ManagedProcess;

  constructor(
    readonly service: ServiceDefinition,
    private readonly dirs: { logsDir: string; runDir: string; repoRoot: string },
    private readonly env: NodeJS.ProcessEnv,
    private readonly restartPolicy?: RestartPolicy,
  ) {
    // swc keeps the decorator metadata Nest's dependency injection reads (tsx drops it).
    const serviceArgs = ['-r', '@swc-node/register', service.main];
    const args = restartPolicy
      ? supervisorArgs({
          app: service.app,
          command: process.execPath,
          args: serviceArgs,
          logFile: this.logFile,
          recordFile: this.recordFile,
          policy: restartPolicy,
          stopGraceMs: supervisorStopGraceMs,
        })
      : serviceArgs;
    this.process = new ManagedProcess({
      name: service.app,
      command: process.execPath,
      args,
      cwd: dirs.repoRoot,
      env,
      logFile: this.logFile,
      pidFile: resolve(dirs.runDir, 'services', `${service.app}.pid`),
      // Either way the leader stops what it runs; `down` works whichever way `up` started it.
      stopSignalTo: 'leader',
    });
  }

  get logFile(): string {
    return resolve(this.dirs.logsDir, 'services', `${this.service.app}.log`);
  }

  /** The supervisor's record: state, restarts and their causes, beside the pid file. */
  get recordFile(): string {
    return resolve(this.dirs.runDir, 'services', `${this.service.app}.supervisor.json`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.env.HTTP_PORT ?? this.service.httpPort}`;
  }

  get pid(): number | undefined {
    return this.serviceProcess()?.pid;
  }

  start(): void {
    this.process.start();
  }

  async waitReady(timeoutMs = 120_000): Promise<void> {
    await waitUntil(
      `${this.service.app} ready at ${this.url}/health/ready`,
      async () => {
        if (!this.process.running()) throw new Error(`${this.service.app} exited; see ${this.logFile}`);
        if (this.record()?.state === 'crash-loop') {
          throw new HopelessError(
            `it keeps crashing (a crash loop; see ${this.logFile} and ${this.recordFile}); ` +
              `services restart ${this.service.app} once it is fixed`,
          );
        }
        return this.isReady();
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  async isReady(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      return response.ok;
    } catch {
      return false;
    }
  }

  /** SIGTERM: the service drains in-flight work and exits (its supervisor too); what is left after the grace is killed. */
  async stop(graceMs = 30_000): Promise<void> {
    await this.process.stop(graceMs);
  }

  /**
   * Sends a signal to the service's own process (SIGKILL for crash tests), as a crash would, and
   * waits for the exit. A supervisor, if any, then restarts it.
   */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const identity = this.serviceProcess();
    if (!identity) return;
    process.kill(identity.pid, signal);
    await waitUntil(`${this.service.app} to exit`, async () => !isAlive(identity), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    // Nothing restarts an unsupervised service: forget its pid file and whatever it left in its group.
    if (!this.restartPolicy) await this.process.stop(0);
  }

  async state(): Promise<ServiceState> {
    const record = this.record();
    const pid = this.pid;
    return {
      app: this.service.app,
      state: await this.stateName(record, pid),
      pid,
      url: this.url,
      logFile: this.logFile,
      restarts: record?.restarts ?? 0,
      lastExit: record?.exits.at(-1),
    };
  }

  private async stateName(
    record: RestartRecord | undefined,
    pid: number | undefined,
  ): Promise<ServiceState['state']> {
    if (!this.process.running()) return 'stopped';
    if (record?.state === 'crash-loop') return 'crash-loop';
    if (pid === undefined) return record?.state === 'restarting' ? 'restarting' : 'starting';
    return (await this.isReady()) ? 'ready' : 'starting';
  }

  /** The service's own process: the supervisor's current child, or the managed process itself. */
  private serviceProcess(): ProcessIdentity | undefined {
    const leader = this.process.running();
    if (!leader || !this.restartPolicy) return leader;
    const child = this.record()?.child;
    return child && isAlive(child) ? child : undefined;
  }

  /** The record of the supervisor that runs now (not one a stopped supervisor left behind). */
  private record(): RestartRecord | undefined {
    const leader = this.process.running();
    if (!leader || !this.restartPolicy) return undefined;
    const record = readRestartRecord(this.recordFile);
    return record?.supervisorPid === leader.pid ? record : undefined;
  }
}
