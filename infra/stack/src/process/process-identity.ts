import { readdirSync, readFileSync } from 'node:fs';

/**
 * A process id alone can be reused by an unrelated process after ours exits, so a pid file also
 * records the kernel's start time of the process.
 */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

interface ProcStat {
  state: string;
  pgid: number;
  startTime: string;
}

function readProcStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (the command name) is in parentheses and may hold spaces; the fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '?', pgid: Number(fields[2]), startTime: fields[19] ?? '' };
}

export function identify(pid: number): ProcessIdentity | undefined {
  const stat = readProcStat(pid);
  return stat ? { pid, startTime: stat.startTime } : undefined;
}

export function isAlive(identity: ProcessIdentity): boolean {
  const stat = readProcStat(identity.pid);
  return stat !== undefined && stat.startTime === identity.startTime && stat.state !== 'Z';
}

/** A process that exists and is not a zombie waiting to be reaped. */
export function isProcessLive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** Every live process in a process group: a managed process and everything it spawned. */
export function membersOfGroup(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const stat = readProcStat(pid);
      return stat !== undefined && stat.pgid === pgid && stat.state !== 'Z';
    });
}
