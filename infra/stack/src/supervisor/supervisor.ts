import type { ProcessIdentity } from '../process/process-identity';
import { decideAfterExit, freshHistory, type RestartPolicy } from './restart-policy';
import { describeExit, recordedExits, type RestartRecord, type UnexpectedExit } from './restart-record';

export interface ChildExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** The service's process, as the supervisor sees it. */
export interface SupervisedChild {
  readonly identity: ProcessIdentity;
  readonly exited: Promise<ChildExit>;
  signal(signal: 'SIGTERM' | 'SIGKILL'): void;
  /** The last lines this process (and no earlier one) wrote to the log. */
  lastLogLines(count: number): string[];
}

export interface SupervisorOptions {
  app: string;
  supervisorPid: number;
  policy: RestartPolicy;
  /** How long a stop lets the service drain before it is killed. */
  stopGraceMs: number;
  launch: () => SupervisedChild;
  save: (record: RestartRecord) => void;
  say: (line: string) => void;
}

const logLinesPerExit = 20;

/**
 * Runs one service and starts it again whenever it exits without being asked to (exit code 0
 * and signals included), after the backoff of the restart policy, until the policy finds a
 * crash loop. It signals the service with SIGTERM (stop) and SIGKILL only: the services' Nest
 * shutdown hooks treat every other signal as a shutdown too.
 */
export class Supervisor {
  private record: RestartRecord;
  private history = freshHistory;
  private running?: { child: SupervisedChild; startedAt: number };
  private pendingRestart?: NodeJS.Timeout;
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    this.record = {
      app: options.app,
      supervisorPid: options.supervisorPid,
      state: 'running',
      restarts: 0,
      exits: [],
      policy: options.policy,
    };
  }

  start(): void {
    const child = this.options.launch();
    const startedAt = Date.now();
    this.running = { child, startedAt };
    this.save({ state: 'running', child: child.identity });
    void child.exited.then((exit) => this.onExit(child, startedAt, exit));
  }

  /** SIGTERM to the service, SIGKILL after the grace; no restart after this. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.pendingRestart);
    const running = this.running;
    if (running) {
      this.save({ state: 'stopping' });
      running.child.signal('SIGTERM');
      if (!(await settlesWithin(running.child.exited, this.options.stopGraceMs))) {
        this.options.say(
          `${this.options.app} did not stop within ${this.options.stopGraceMs} ms; killing it`,
        );
        running.child.signal('SIGKILL');
        await running.child.exited;
      }
    }
    this.save({ state: 'stopped', child: undefined });
  }

  private onExit(child: SupervisedChild, startedAt: number, exit: ChildExit): void {
    this.running = undefined;
    if (this.stopping) return;
    const exitedAt = Date.now();
    const { decision, history } = decideAfterExit(this.options.policy, this.history, { startedAt, exitedAt });
    this.history = history;
    const unexpected: UnexpectedExit = {
      at: new Date(exitedAt).toISOString(),
      pid: child.identity.pid,
      exitCode: exit.exitCode,
      signal: exit.signal,
      ranForMs: exitedAt - startedAt,
      lastLogLines: child.lastLogLines(logLinesPerExit),
      ...(decision.action === 'restart' ? { restartDelayMs: decision.delayMs } : {}),
    };
    const exits = [...this.record.exits, unexpected].slice(-recordedExits);
    const { app, policy } = this.options;
    if (decision.action === 'give-up') {
      this.save({ state: 'crash-loop', child: undefined, exits });
      this.options.say(
        `${app} exited (${describeExit(exit)}), ${decision.exitsInWindow} times within ` +
          `${policy.crashLoopWindowMs} ms: a crash loop, not restarting it (services restart ${app} once fixed)`,
      );
      return;
    }
    this.save({ state: 'restarting', child: undefined, exits });
    this.options.say(
      `${app} exited (${describeExit(exit)}) after ${unexpected.ranForMs} ms; restarting it in ${decision.delayMs} ms`,
    );
    this.pendingRestart = setTimeout(() => {
      this.record = { ...this.record, restarts: this.record.restarts + 1 };
      this.start();
    }, decision.delayMs);
  }

  private save(change: Partial<RestartRecord>): void {
    this.record = { ...this.record, ...change };
    this.options.save(this.record);
  }
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([promise.then(() => true), timedOut]).finally(() => clearTimeout(timer));
}
