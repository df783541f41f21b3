# Installs the Debian packages the native stack needs, only those that are missing.
# Needs root (or passwordless sudo); apt-get update runs at most once per call.

# chromium: the browser tests drive Debian's Chromium with playwright-core (never a downloaded browser).
# prometheus: the stack scrapes every service with it, as compose and Kubernetes do.
# python3-venv: Schemathesis (the HTTP API fuzzer) is installed from PyPI into a venv of its own.
SYSTEM_PACKAGES=(postgresql redis-server maven openjdk-17-jdk-headless ca-certificates chromium prometheus python3-venv)

missing_system_packages() {
  local pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || printf '%s\n' "$pkg"
  done
}

ensure_system_packages() {
  step "System packages (${SYSTEM_PACKAGES[*]})"
  local missing
  missing=$(missing_system_packages)
  if [ -z "$missing" ]; then
    info "all present"
    return
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  info "installing: $(echo $missing | tr '\n' ' ')"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
  # Debian's postgresql and redis packages start a system-wide instance where an init system
  # runs; the platform runs its own instances in its state folder, so those are not needed.
  info "installed"
}
