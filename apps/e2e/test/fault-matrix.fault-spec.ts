import { FaultMatrix } from '../src/faults/fault-matrix';
import type { FaultRunResult } from '../src/faults/fault-run';
import { matrixTable } from '../src/faults/matrix-table';
import { faultScenarios } from '../src/faults/scenarios';
import { StackFaults } from '../src/faults/stack-faults';

jest.setTimeout(1_800_000);

// One run of every scenario of the fault matrix (`./platform faults --runs 5` runs more): each
// under a registration surge, healed, then every invariant checked (apps/e2e/src/faults/fault-run.ts).
(new StackFaults().managedHere ? describe : describe.skip)('the fault matrix, one run each', () => {
  let matrix: FaultMatrix;
  const results: FaultRunResult[] = [];

  beforeAll(async () => {
    matrix = await FaultMatrix.open();
  }, 300_000);
  afterAll(async () => {
    await matrix?.close();
    if (results.length > 0) console.log(`fault matrix\n${matrixTable(results)}`);
  }, 120_000);

  it.each(faultScenarios.map((scenario) => [scenario.name, scenario] as const))(
    'keeps every invariant through %s',
    async (_name, scenario) => {
      const result = await matrix.run(scenario);
      results.push(result);
      expect(result.violations).toEqual([]);
      expect(result.terminal).toBe(result.accepted);
    },
  );
});
