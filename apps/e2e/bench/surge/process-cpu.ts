import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat shows it: its parent and the CPU it has used, in clock ticks. */
export interface ProcessTicks {
  pid: number;
  ppid: number;
  ticks: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so fields count from the last ')'. */
export function parseProcStat(pid: number, stat: string): ProcessTicks {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state(3) ppid(4) ... utime(14) stime(15), numbered as in proc(5).
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

export type ProcessTable = Map<number, ProcessTicks>;

export function readProcessTable(procRoot = '/proc'): ProcessTable {
  const table: ProcessTable = new Map();
  for (const entry of readdirSync(procRoot)) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(
        Number(entry),
        parseProcStat(Number(entry), readFileSync(`${procRoot}/${entry}/stat`, 'utf8')),
      );
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return table;
}

/** The roots and every process below them. */
export function processTree(table: ProcessTable, roots: readonly number[]): Set<number> {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of table.values()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree = new Set<number>();
  const pending = roots.filter((pid) => table.has(pid));
  while (pending.length > 0) {
    const pid = pending.pop()!;
    if (tree.has(pid)) continue;
    tree.add(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** Named groups of processes (a component and everything it runs), by their root pids. */
export type ProcessGroups = Record<string, readonly number[]>;

export interface CpuSnapshot {
  at: number;
  table: ProcessTable;
}

export const takeCpuSnapshot = (): CpuSnapshot => ({ at: Date.now(), table: readProcessTable() });

/**
 * CPU milliseconds each group used between two snapshots. A process that started in between counts
 * whole; one that ended in between is lost (its parent only learns of it when it reaps it).
 */
export function cpuBetween(
  from: CpuSnapshot,
  to: CpuSnapshot,
  groups: ProcessGroups,
  ticksPerSecond = clockTicksPerSecond(),
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, roots] of Object.entries(groups)) {
    let ticks = 0;
    for (const pid of processTree(to.table, roots)) {
      const end = to.table.get(pid)!.ticks;
      ticks += end - (from.table.get(pid)?.ticks ?? 0);
    }
    used[name] = (ticks * 1000) / ticksPerSecond;
  }
  return used;
}

let clockTicks: number | undefined;

export function clockTicksPerSecond(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicks;
}
