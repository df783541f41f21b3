import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { identify, isAlive, membersOfGroup, type ProcessIdentity } from './process-identity';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  pidFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (for example Postgres as `postgres` when the tool runs as root). */
  user?: { uid: number; gid: number };
  /** The signal that asks for a clean, prompt shutdown (Postgres: SIGINT, "fast" mode). */
  stopSignal?: NodeJS.Signals;
  /**
   * Who gets the stop signal: the whole process group (default), or only the leader, which stops
   * its own children (a supervisor). Whatever of the group outlives the grace is killed either way.
   */
  stopSignalTo?: 'group' | 'leader';
}

/**
 * A long-running process the stack started: detached in its own process group, output to a log
 * file, identified by a pid file, so `down` stops exactly what `up` started and nothing else.
 */
export class ManagedProcess {
  constructor(readonly spec: ProcessSpec) {}

  running(): ProcessIdentity | undefined {
    if (!existsSync(this.spec.pidFile)) return undefined;
    try {
      const identity = JSON.parse(readFileSync(this.spec.pidFile, 'utf8')) as ProcessIdentity;
      return isAlive(identity) ? identity : undefined;
    } catch {
      return undefined;
    }
  }

  start(): ProcessIdentity {
    const existing = this.running();
    if (existing) return existing;
    mkdirSync(dirname(this.spec.logFile), { recursive: true });
    mkdirSync(dirname(this.spec.pidFile), { recursive: true });
    const log = openSync(this.spec.logFile, 'a');
    try {
      const child = spawn(this.spec.command, this.spec.args, {
        cwd: this.spec.cwd,
        env: this.spec.env ?? process.env,
        detached: true,
        stdio: ['ignore', log, log],
        uid: this.spec.user?.uid,
        gid: this.spec.user?.gid,
      });
      if (child.pid === undefined) throw new Error(`${this.spec.name}: could not start ${this.spec.command}`);
      child.unref();
      const identity = identify(child.pid) ?? { pid: child.pid, startTime: '' };
      writeFileSync(this.spec.pidFile, JSON.stringify(identity));
      return identity;
    } finally {
      closeSync(log);
    }
  }

  /** Asks the process group (or its leader) to stop, waits, then kills whatever of the group is left. */
  async stop(graceMs = 30_000): Promise<void> {
    const group = this.ownGroup();
    if (group !== undefined) {
      // A leader that died already cannot pass the signal on, so its group gets it.
      const toLeader = this.spec.stopSignalTo === 'leader' && this.running() !== undefined;
      sendSignal(toLeader ? group : -group, this.spec.stopSignal ?? 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && membersOfGroup(group).length > 0) await sleep(100);
      if (membersOfGroup(group).length > 0) {
        sendSignal(-group, 'SIGKILL');
        while (membersOfGroup(group).length > 0) await sleep(50);
      }
    }
    rmSync(this.spec.pidFile, { force: true });
  }

  /** Live processes of this component's group, to prove that nothing is left behind. */
  leftovers(): number[] {
    const group = this.ownGroup();
    return group === undefined ? [] : membersOfGroup(group);
  }

  /**
   * The process group this component started, while any of it lives. When the leader has died
   * but children linger (a crashed postmaster's backends), the group is still ours as long as no
   * new process has taken the leader's pid.
   */
  private ownGroup(): number | undefined {
    if (!existsSync(this.spec.pidFile)) return undefined;
    let identity: ProcessIdentity;
    try {
      identity = JSON.parse(readFileSync(this.spec.pidFile, 'utf8')) as ProcessIdentity;
    } catch {
      return undefined;
    }
    if (isAlive(identity)) return identity.pid;
    const reused = identify(identity.pid) !== undefined;
    return !reused && membersOfGroup(identity.pid).length > 0 ? identity.pid : undefined;
  }
}

/** A process, or with a negative id the process group of that id. */
function sendSignal(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
