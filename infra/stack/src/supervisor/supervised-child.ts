import { spawn } from 'node:child_process';
import { lastLinesSince, logSize } from '../health/log-tail';
import { identify } from '../process/process-identity';
import type { ChildExit, SupervisedChild } from './supervisor';

/**
 * Starts the service in the supervisor's own process group (so stopping the group after the
 * grace leaves nothing behind), with the supervisor's environment and log.
 */
export function spawnSupervisedChild(command: string, args: string[], logFile: string): SupervisedChild {
  const logOffset = logSize(logFile);
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const identity = identify(child.pid) ?? { pid: child.pid, startTime: '' };
  const exited = new Promise<ChildExit>((resolve) =>
    child.once('exit', (exitCode, signal) => resolve({ exitCode, signal })),
  );
  return {
    identity,
    exited,
    signal: (signal) => child.kill(signal),
    lastLogLines: (count) => lastLinesSince(logFile, logOffset, count),
  };
}
