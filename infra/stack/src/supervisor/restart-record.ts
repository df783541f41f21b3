import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ProcessIdentity } from '../process/process-identity';
import type { RestartPolicy } from './restart-policy';

export type SupervisorState = 'running' | 'restarting' | 'crash-loop' | 'stopping' | 'stopped';

/** An exit of the service the supervisor did not ask for. */
export interface UnexpectedExit {
  at: string;
  pid: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  ranForMs: number;
  /** The last lines the service wrote to its log before it exited. */
  lastLogLines: string[];
  /** How long the supervisor waited before the restart; absent when this exit made a crash loop. */
  restartDelayMs?: number;
}

/**
 * What a supervisor tells about its service, in `<app>.supervisor.json` beside the pid file: its
 * state, the service's current process, how often it was restarted and why.
 */
export interface RestartRecord {
  app: string;
  /** Tells this supervisor's record from one a stopped supervisor left behind. */
  supervisorPid: number;
  state: SupervisorState;
  child?: ProcessIdentity;
  restarts: number;
  /** The most recent unexpected exits, oldest first (at most `recordedExits`). */
  exits: UnexpectedExit[];
  policy: RestartPolicy;
}

export const recordedExits = 20;

export function readRestartRecord(file: string): RestartRecord | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RestartRecord;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a record. */
export function writeRestartRecord(file: string, record: RestartRecord): void {
  const partial = `${file}.partial`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(partial, file);
}

export function describeExit(exit: Pick<UnexpectedExit, 'exitCode' | 'signal'>): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.exitCode}`;
}
