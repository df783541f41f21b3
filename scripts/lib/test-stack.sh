# Tests run on a stack of their own (STACK_HOME=.stack/test: its own Postgres cluster, Kafka log,
# Redis and service logs), so they never leave their modules, students and records in the demo's
# databases. Both stacks use the same ports: a running demo is stopped first and started again,
# with its services if they were running, when the tests end. A STACK_HOME set by the caller is
# used as it is.
#
#   use_test_stack <stack-command-function> <services-command-function>
#   restore_demo_stack <stack-command-function> <services-command-function>   (from an EXIT trap)
#   end_test_stack <stack-command-function> <services-command-function>       (the same, stopping the test stack first)

DEMO_STACK_HOME="$ROOT/.stack"
demo_stack_was_up=false
demo_services_were_up=false

use_test_stack() {
  local stack_cmd="$1" services_cmd="$2"
  if [ -n "${STACK_HOME:-}" ]; then
    export STACK_HOME
    return
  fi
  if STACK_HOME="$DEMO_STACK_HOME" "$stack_cmd" status >/dev/null 2>&1; then
    demo_stack_was_up=true
    if STACK_HOME="$DEMO_STACK_HOME" "$services_cmd" status >/dev/null 2>&1; then
      demo_services_were_up=true
    fi
  fi
  step "Stopping the demo platform, if it runs (tests use a stack of their own in .stack/test, on the same ports)"
  STACK_HOME="$DEMO_STACK_HOME" "$services_cmd" down >/dev/null || true
  STACK_HOME="$DEMO_STACK_HOME" "$stack_cmd" down >/dev/null || true
  export STACK_HOME="$ROOT/.stack/test"
}

restore_demo_stack() {
  local stack_cmd="$1" services_cmd="$2"
  [ "$demo_stack_was_up" = true ] || return 0
  step "Starting the demo platform again"
  STACK_HOME="$DEMO_STACK_HOME" "$stack_cmd" up >/dev/null || warn "the demo stack did not come back: ./platform start"
  if [ "$demo_services_were_up" = true ]; then
    STACK_HOME="$DEMO_STACK_HOME" "$services_cmd" up || warn "the demo services did not come back: ./platform start"
  fi
}

# For commands that leave the test stack running: stops it when the demo must come back on its ports.
end_test_stack() {
  local stack_cmd="$1" services_cmd="$2"
  [ "$demo_stack_was_up" = true ] || return 0
  "$services_cmd" down >/dev/null || true
  "$stack_cmd" down >/dev/null || true
  restore_demo_stack "$stack_cmd" "$services_cmd"
}
