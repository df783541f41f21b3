# Installs the workspace's npm dependencies from package-lock.json, only when the lock changed.

ensure_npm_dependencies() {
  step "npm dependencies"
  local stamp="$ROOT/node_modules/.install-stamp"
  local lock_hash
  lock_hash=$( (sha256sum "$ROOT/package-lock.json" "$ROOT/.nvmrc" 2>/dev/null) | sha256sum | cut -c1-16)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    info "up to date"
    return
  fi
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci failed"
  echo "$lock_hash" >"$stamp"
  info "installed"
}
