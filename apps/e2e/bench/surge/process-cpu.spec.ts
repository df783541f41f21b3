import { cpuBetween, parseProcStat, processTree, type CpuSnapshot, type ProcessTable } from './process-cpu';

const stat = (pid: number, comm: string, ppid: number, utime: number, stime: number) =>
  `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 100 0 0`;

const table = (...rows: [pid: number, ppid: number, ticks: number][]): ProcessTable =>
  new Map(rows.map(([pid, ppid, ticks]) => [pid, { pid, ppid, ticks }]));

describe('process CPU from /proc', () => {
  it('reads the parent and user plus system ticks, whatever the command name holds', () => {
    expect(parseProcStat(42, stat(42, 'postgres: walsender (x) idle', 7, 120, 30))).toEqual({
      pid: 42,
      ppid: 7,
      ticks: 150,
    });
  });

  it('takes a root with its children and their children, and nothing else', () => {
    const processes = table([1, 0, 0], [10, 1, 5], [11, 10, 5], [12, 11, 5], [20, 1, 5]);
    expect([...processTree(processes, [10])].sort()).toEqual([10, 11, 12]);
    expect(processTree(processes, [99]).size).toBe(0);
  });

  it('charges each group what its processes used between two snapshots, a newcomer whole', () => {
    const from: CpuSnapshot = { at: 0, table: table([10, 1, 100], [11, 10, 50], [20, 1, 7]) };
    const to: CpuSnapshot = { at: 1000, table: table([10, 1, 130], [11, 10, 60], [12, 10, 5], [20, 1, 9]) };
    expect(cpuBetween(from, to, { postgres: [10], redis: [20] }, 100)).toEqual({ postgres: 450, redis: 20 });
  });
});
