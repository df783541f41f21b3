import { resolve } from 'node:path';
import { ManagedProcess } from '../process/managed-process';
import { isAlive } from '../process/process-identity';
import { waitUntil } from '../health/wait-until';
import type { ServiceDefinition } from './service-definitions';

export interface ServiceState {
  app: string;
  state: 'ready' | 'starting' | 'stopped';
  pid?: number;
  url: string;
  logFile: string;
}

/** One service of apps/ as its own OS process: started detached, stopped or killed by its pid only. */
export class ServiceProcess {
  private readonly process: ManagedProcess;

  constructor(
    readonly service: ServiceDefinition,
    private readonly dirs: { logsDir: string; runDir: string; repoRoot: string },
    private readonly env: NodeJS.ProcessEnv,
  ) {
    this.process = new ManagedProcess({
      name: service.app,
      // swc keeps the decorator metadata Nest's dependency injection reads (tsx drops it).
      command: process.execPath,
      args: ['-r', '@swc-node/register', service.main],
      cwd: dirs.repoRoot,
      env,
      logFile: this.logFile,
      pidFile: resolve(dirs.runDir, 'services', `${service.app}.pid`),
    });
  }

  get logFile(): string {
    return resolve(this.dirs.logsDir, 'services', `${this.service.app}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.env.HTTP_PORT ?? this.service.httpPort}`;
  }

  get pid(): number | undefined {
    return this.process.running()?.pid;
  }

  start(): number {
    return this.process.start().pid;
  }

  async waitReady(timeoutMs = 120_000): Promise<void> {
    await waitUntil(
      `${this.service.app} ready at ${this.url}/health/ready`,
      async () => {
        if (!this.process.running()) throw new Error(`${this.service.app} exited; see ${this.logFile}`);
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

  /** SIGTERM: the service drains in-flight work and exits; whatever is left after the grace is killed. */
  async stop(graceMs = 30_000): Promise<void> {
    await this.process.stop(graceMs);
  }

  /** Sends a signal to this service's process only (SIGKILL for crash tests), and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const identity = this.process.running();
    if (!identity) return;
    process.kill(identity.pid, signal);
    await waitUntil(`${this.service.app} to exit`, async () => !isAlive(identity), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    await this.process.stop(0);
  }

  async state(): Promise<ServiceState> {
    const pid = this.pid;
    const state = pid === undefined ? 'stopped' : (await this.isReady()) ? 'ready' : 'starting';
    return { app: this.service.app, state, pid, url: this.url, logFile: this.logFile };
  }
}
