# Installs Schemathesis from PyPI into a virtual environment at .tooling/python, for fuzzing
# registration-service's HTTP API against its OpenAPI document (apps/e2e/src/api-fuzz.e2e-spec.ts).
# schemathesis.requirements.txt pins it and everything it depends on; installs again only when that changes.

ensure_schemathesis() {
  local requirements="$ROOT/scripts/lib/schemathesis.requirements.txt"
  local venv="$ROOT/.tooling/python"
  local stamp="$venv/.install-stamp"
  local wanted
  wanted=$(sha256sum "$requirements" | cut -c1-16)
  step "Schemathesis $(sed -n 's/^schemathesis==//p' "$requirements")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] && "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
    info "up to date ($venv/bin/schemathesis)"
    return
  fi
  command -v python3 >/dev/null || fail "Schemathesis needs python3 (apt-get install python3-venv)"
  python3 -m venv --clear "$venv" || fail "python3 -m venv failed (apt-get install python3-venv)"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input --require-virtualenv \
    -r "$requirements" || fail "pip install -r $requirements failed"
  echo "$wanted" >"$stamp"
  info "installed $("$venv/bin/schemathesis" --version)"
}
