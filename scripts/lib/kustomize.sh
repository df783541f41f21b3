# Installs kustomize (a Go module) into .tooling/go-bin, for the offline checks of k8s/.
# Needs the Go toolchain on PATH (or in /usr/local/go); installs again only when the pinned version changes.

KUSTOMIZE_VERSION=v5.7.1

ensure_kustomize() {
  step "kustomize $KUSTOMIZE_VERSION"
  local bin_dir="$ROOT/.tooling/go-bin"
  local binary="$bin_dir/kustomize"
  if [ -x "$binary" ] && "$binary" version 2>/dev/null | grep -q "$KUSTOMIZE_VERSION"; then
    info "up to date ($binary)"
    return
  fi
  local go_bin
  go_bin=$(command -v go || true)
  [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go
  [ -n "$go_bin" ] || fail "kustomize is installed with Go (1.22 or newer), and no 'go' is on PATH"
  mkdir -p "$bin_dir"
  GOBIN="$bin_dir" "$go_bin" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" ||
    fail "go install sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION failed"
  info "installed $("$binary" version)"
}
