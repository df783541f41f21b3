import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function procFile(pid: number, name: 'status' | 'stat'): string {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    throw new Error(`process ${pid} is gone: the server under test exited or was restarted during the run`);
  }
}

/** Resident set size of another process, in bytes, from /proc/<pid>/status. */
export function residentBytes(pid: number): number {
  const line = procFile(pid, 'status')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** User plus system CPU time another process has used, in microseconds, from /proc/<pid>/stat. */
export function cpuMicros(pid: number): number {
  const stat = procFile(pid, 'stat');
  // The command name (field 2) may hold spaces, so count fields from its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
}
