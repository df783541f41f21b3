# Makes Node 24 (the version in .nvmrc) the `node` on PATH. When the machine's node is older,
# installs the npm registry's `node` package (binary and headers) into .tooling/ and uses it.

node_major() { "$1" --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

ensure_node() {
  local wanted_version wanted_major tool_dir tool_bin
  wanted_version=$(tr -d '[:space:]' <"$ROOT/.nvmrc")
  wanted_major=${wanted_version%%.*}
  tool_dir="$ROOT/.tooling/node"
  tool_bin="$tool_dir/node_modules/node/bin"

  step "Node.js $wanted_major"
  if [ "$(node_major "$tool_bin/node")" = "$wanted_major" ]; then
    export PATH="$tool_bin:$PATH"
  elif [ "$(node_major node)" != "$wanted_major" ]; then
    command -v npm >/dev/null || fail "npm is needed to install Node $wanted_version (apt-get install npm)"
    info "machine node is $(node --version 2>/dev/null || echo missing); installing node@$wanted_version from the npm registry into .tooling/node"
    mkdir -p "$tool_dir"
    (cd "$tool_dir" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      --prefix "$tool_dir" "node@$wanted_version" >/dev/null) || fail "could not install node@$wanted_version from the npm registry"
    export PATH="$tool_bin:$PATH"
  fi
  [ "$(node_major node)" = "$wanted_major" ] || fail "node $(node --version) on PATH, expected $wanted_major"
  link_node_for_shells "$tool_bin"
  # Native addons must build against this node's headers, not the machine's.
  local headers
  headers=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  [ -d "$headers/include/node" ] && export npm_config_nodedir="$headers"
  info "using $(command -v node) ($(node --version))"
}

# The commands the docs show (npm run ..., node_modules/.bin/jest) run in the user's own shell, where
# the PATH above does not reach: as root, put this node in /usr/local/bin, ahead of the machine's
# older one in /usr/bin, so `node` and the npm scripts get Node 24 there too.
link_node_for_shells() {
  local tool_bin="$1" link=/usr/local/bin/node
  [ -x "$tool_bin/node" ] && [ "$(id -u)" = 0 ] && [ -d /usr/local/bin ] || return 0
  [ "$(readlink -f "$link" 2>/dev/null)" = "$(readlink -f "$tool_bin/node")" ] && return 0
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    info "$link exists and is not ours; npm scripts in other shells use $(node_major "$link") there"
    return 0
  fi
  ln -sf "$tool_bin/node" "$link"
  info "linked $link -> $tool_bin/node (for npm scripts in any shell)"
}
