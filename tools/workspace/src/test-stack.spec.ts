import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../../..');

/**
 * Runs scripts/lib/test-stack.sh with stand-ins for the stack and services commands that record
 * each call with the STACK_HOME it ran under; `demoUp` says what the demo's status answers.
 */
function runTestStack(
  script: string,
  { demoUp, env = {} }: { demoUp: boolean; env?: Record<string, string> },
) {
  const program = `
    set -uo pipefail
    source scripts/lib/log.sh
    source scripts/lib/test-stack.sh
    fake_stack() { echo "stack $* @\${STACK_HOME:-unset}" >&3; [ "$1" != status ] || [ "${demoUp}" = true ]; }
    fake_services() { echo "services $* @\${STACK_HOME:-unset}" >&3; [ "$1" != status ] || [ "${demoUp}" = true ]; }
    ${script}
  `;
  const run = spawnSync('bash', ['-c', `exec 3>&1 1>/dev/null 2>/dev/null; ${program}`], {
    cwd: root,
    env: { PATH: process.env.PATH, ROOT: root, ...env },
    encoding: 'utf8',
  });
  return run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replaceAll(root, '<repo>'));
}

describe('tests on a stack of their own (scripts/lib/test-stack.sh)', () => {
  it('stops a running demo, runs on .stack/test, and brings the demo back with its services', () => {
    const calls = runTestStack(
      'use_test_stack fake_stack fake_services; echo "tests @$STACK_HOME" >&3; end_test_stack fake_stack fake_services',
      { demoUp: true },
    );
    expect(calls).toEqual([
      'stack status @<repo>/.stack',
      'services status @<repo>/.stack',
      'services down @<repo>/.stack',
      'stack down @<repo>/.stack',
      'tests @<repo>/.stack/test',
      'services down @<repo>/.stack/test',
      'stack down @<repo>/.stack/test',
      'stack up @<repo>/.stack',
      'services up @<repo>/.stack',
    ]);
  });

  it('starts nothing of the demo afterwards when it was not running', () => {
    const calls = runTestStack(
      'use_test_stack fake_stack fake_services; end_test_stack fake_stack fake_services',
      {
        demoUp: false,
      },
    );
    expect(calls.filter((call) => call.includes(' up '))).toEqual([]);
  });

  it('uses a STACK_HOME the caller set, and leaves the demo alone', () => {
    const calls = runTestStack('use_test_stack fake_stack fake_services; echo "tests @$STACK_HOME" >&3', {
      demoUp: true,
      env: { STACK_HOME: '/srv/elsewhere' },
    });
    expect(calls).toEqual(['tests @/srv/elsewhere']);
  });
});
