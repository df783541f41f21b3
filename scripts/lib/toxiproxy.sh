# Installs Toxiproxy's server (a Go module) into .tooling/toxiproxy, the fault proxy of the fault
# matrix's network scenarios (apps/e2e/src/faults/network/).
# Needs the Go toolchain on PATH (or in /usr/local/go); installs again only when the pinned version changes.

TOXIPROXY_VERSION=v2.12.0

ensure_toxiproxy() {
  step "Toxiproxy $TOXIPROXY_VERSION"
  local bin_dir="$ROOT/.tooling/toxiproxy"
  local binary="$bin_dir/server"
  if [ -x "$binary" ] && "$binary" -version 2>/dev/null | grep -q "$TOXIPROXY_VERSION"; then
    info "up to date ($binary)"
    return
  fi
  local go_bin
  go_bin=$(command -v go || true)
  [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go
  [ -n "$go_bin" ] || fail "Toxiproxy is installed with Go (1.23 or newer), and no 'go' is on PATH"
  mkdir -p "$bin_dir"
  # go install leaves the module's Version at "git"; upstream's release build sets it the same way.
  GOBIN="$bin_dir" "$go_bin" install -ldflags "-X github.com/Shopify/toxiproxy/v2.Version=$TOXIPROXY_VERSION" \
    "github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION" ||
    fail "go install github.com/Shopify/toxiproxy/v2/cmd/server@$TOXIPROXY_VERSION failed"
  info "installed $("$binary" -version)"
}
