// Prints the test run's closing line, "tests: N passed, N failed, N skipped", from Jest's JSON
// reports; failed static checks (lint, typecheck) count as one failure. Exits 1 when
// anything failed, a report is missing, or no test ran at all.
import { existsSync, readFileSync } from 'node:fs';

const [staticStatus, ...reportFiles] = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0, suitesPassed: 0, suitesFailed: 0 };

for (const file of reportFiles) {
  if (!existsSync(file)) {
    console.log(`FAILED ${file}: Jest wrote no report`);
    totals.failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += report.numPendingTests + report.numTodoTests;
  totals.suitesPassed += report.numPassedTestSuites;
  totals.suitesFailed += report.numFailedTestSuites;
  for (const suite of report.testResults.filter((s) => s.status === 'failed')) {
    const names = suite.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName);
    const detail = names.length
      ? `\n  - ${names.join('\n  - ')}`
      : `: ${suite.message.split('\n').find(Boolean) ?? ''}`;
    console.log(`FAILED ${suite.name}${detail}`);
  }
}

if (Number(staticStatus) !== 0) {
  console.log('FAILED static checks (lint or typecheck): see their output above');
  totals.failed += 1;
}

console.log(`suites: ${totals.suitesPassed} passed, ${totals.suitesFailed} failed`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
