#!/usr/bin/env bash
# Installs everything Loupe's build, tests and the code-server harness need, on a fresh Debian machine
# (Node 20, npm, root for apt). Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)        # the browser that renders VS Code's workbench in tests
command -v rg >/dev/null || need_apt+=(ripgrep)               # replaces the rg binary @vscode/ripgrep would download
[ -e /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev) # headers for code-server's kerberos module
command -v python3 >/dev/null || need_apt+=(python3)          # the Python client and its tests
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "Loupe setup: please install these Debian packages first (as root): apt-get install ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ ! -d node_modules/better-sqlite3 ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the archive.
# 1.15.11 is the @vscode/ripgrep version inside code-server 4.100.3.
rg_cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
mkdir -p "$rg_cache"
[ -f "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] ||
  tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg

cs=test/harness/code-server
if [ ! -x "$cs/node_modules/.bin/code-server" ]; then
  # unsafe_perm: code-server's postinstall refuses to run as root without it; yes: node-pty runs `npx node-gyp`.
  (cd "$cs" && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund)
fi

npm run --silent build
