import type { FaultRunResult } from './fault-run';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One row per scenario: pass count over runs, and the worst heal and time-to-terminal of its runs. */
export function matrixTable(results: readonly FaultRunResult[]): string {
  const byScenario = new Map<string, FaultRunResult[]>();
  for (const result of results)
    byScenario.set(result.scenario, [...(byScenario.get(result.scenario) ?? []), result]);
  const rows = [...byScenario].map(([scenario, runs]) => [
    scenario,
    `${runs.filter((run) => run.passed).length}/${runs.length}`,
    `${seconds(Math.min(...runs.map((run) => run.healMs)))} – ${seconds(Math.max(...runs.map((run) => run.healMs)))}`,
    runs.map((run) => `${run.terminal}/${run.accepted}`).join(', '),
    seconds(Math.max(...runs.map((run) => run.longestToTerminalMs))),
  ]);
  const header = [
    'scenario',
    'passed',
    'time to heal (min – max)',
    'terminal / accepted per run',
    'longest to terminal',
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
