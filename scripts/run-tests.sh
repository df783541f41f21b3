#!/usr/bin/env bash
# The whole test suite: static checks, then unit and integration tests, then end-to-end tests with
# every service as a process, then fault tests, all against the real stack: the tests' own, in
# .stack/test (scripts/lib/test-stack.sh). Starts it when it is not running and stops it again
# afterwards (set KEEP_STACK=1 to keep it). Extra arguments go to Jest, e.g. a path pattern.
set -uo pipefail
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
source "$ROOT/scripts/lib/log.sh"
source "$ROOT/scripts/lib/test-stack.sh"
cd "$ROOT"

# Jest loads ES-module-only packages (NestJS 12, @platformatic/kafka) through require(esm).
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --disable-warning=ExperimentalWarning"

stack() { node_modules/.bin/tsx --tsconfig tsconfig.base.json infra/stack/src/cli.ts "$@"; }
services() { node_modules/.bin/tsx --tsconfig tsconfig.base.json infra/stack/src/services.cli.ts "$@"; }

use_test_stack stack services
started_stack=false
if ! stack status >/dev/null 2>&1; then
  started_stack=true
fi
stop_stack() {
  # The smoke connector's slot would hold the cluster's WAL once nothing reads it.
  stack test-connectors remove >/dev/null 2>&1 || true
  if [ "${KEEP_STACK:-0}" = 1 ]; then
    if [ "$demo_stack_was_up" = true ]; then
      warn "KEEP_STACK=1: the test stack keeps the ports, so the demo stays stopped (./platform stack down, then ./platform start)"
    fi
    return
  fi
  if [ "$started_stack" = true ]; then
    step "Stopping the stack this run started"
    stack down || true
  fi
  restore_demo_stack stack services
}
trap stop_stack EXIT

step "Starting the stack"
stack up || fail "the stack did not come up (see the message above; ./platform stack logs shows every log)"
stack test-connectors add || fail "the test connectors did not start (./platform stack logs kafka-connect)"

# Services a KEEP_STACK=1 run left on the test stack share the consumer groups the tests use.
services down >/dev/null || true

step "Static checks: lint and typecheck"
static_status=0
node_modules/.bin/nx run-many -t lint typecheck --outputStyle=static || static_status=$?

step "Tests: unit and integration"
mkdir -p tmp
rm -f tmp/jest-*.json
node_modules/.bin/jest -c jest.config.ts --ci --selectProjects unit integration \
  --json --outputFile=tmp/jest-main.json "$@"
main_status=$?

# A run of its own: the e2e tier starts every service as a process in the services' real consumer
# groups, which must not be running while integration specs drive services in process.
step "Tests: end-to-end (every service a separate process)"
node_modules/.bin/jest -c jest.config.ts --ci --selectProjects e2e --runInBand --passWithNoTests \
  --json --outputFile=tmp/jest-e2e.json "$@"
e2e_status=$?

step "Tests: faults (stop and start real processes, one at a time)"
node_modules/.bin/jest -c jest.config.ts --ci --selectProjects faults --runInBand --passWithNoTests \
  --json --outputFile=tmp/jest-faults.json "$@"
faults_status=$?

step "Summary"
node scripts/print-test-summary.mjs "$static_status" tmp/jest-main.json tmp/jest-e2e.json tmp/jest-faults.json
summary_status=$?
if [ "$main_status" -ne 0 ] || [ "$e2e_status" -ne 0 ] || [ "$faults_status" -ne 0 ] || [ "$static_status" -ne 0 ] || [ "$summary_status" -ne 0 ]; then
  exit 1
fi
