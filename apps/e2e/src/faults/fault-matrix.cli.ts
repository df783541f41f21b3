import { parseArgs } from 'node:util';
import type { FaultRunResult } from './fault-run';
import { FaultMatrix } from './fault-matrix';
import { matrixTable } from './matrix-table';
import { faultScenarios, findScenarios } from './scenarios';

const USAGE = `usage: ./platform faults [--runs N] [scenario...]

Runs each fault scenario (all by default) N times (1 by default) under a registration surge,
against the native stack with every service as its own supervised process; heals; checks the
invariants; prints one table. Exit 1 if any run broke an invariant.

scenarios: ${faultScenarios.map((scenario) => `"${scenario.name}"`).join(', ')}`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '1' }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs must be a whole number of at least 1, got ${values.runs}\n\n${USAGE}`);
    return 2;
  }
  const scenarios = findScenarios(positionals);
  const startedAt = Date.now();
  const results: FaultRunResult[] = [];
  const matrix = await FaultMatrix.open();
  try {
    for (const scenario of scenarios) {
      for (let run = 1; run <= runs; run += 1) {
        const result = await matrix.run(scenario);
        results.push(result);
        const verdict = result.passed ? 'pass' : `FAIL: ${result.violations.join('; ')}`;
        console.log(
          `  ${result.scenario} #${run}: ${verdict} (healed in ${(result.healMs / 1000).toFixed(1)} s)`,
        );
      }
    }
  } finally {
    await matrix.close();
  }
  console.log(`\n${matrixTable(results)}\n`);
  const failed = results.filter((result) => !result.passed).length;
  console.log(
    `faults: ${results.length - failed} passed, ${failed} failed (${((Date.now() - startedAt) / 60_000).toFixed(1)} min)`,
  );
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
