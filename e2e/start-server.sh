#!/usr/bin/env bash
# Starts the ConfiTrek server for the browser tests: a fresh data directory, the demo
# agency (people and logins sharing $E2E_PASSWORD), the SPA from frontend/dist.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
port="${E2E_PORT:-18080}"
bin="${CONFITREK_BIN:-$repo/target/debug/confitrek}"
password="${E2E_PASSWORD:-e2e-lantern-orchard-1}"

if [[ ! -x "$bin" ]]; then
  echo "start-server.sh: no server binary at $bin (cargo build -p confitrek-api, or set CONFITREK_BIN)" >&2
  exit 1
fi
if [[ ! -f "$repo/frontend/dist/index.html" ]]; then
  echo "start-server.sh: no SPA in $repo/frontend/dist (run trunk build --release at the repo root)" >&2
  exit 1
fi

# One directory per port, emptied at each start: fresh data without piling up old runs.
data="${TMPDIR:-/tmp}/confitrek-e2e-$port"
rm -rf "$data"
mkdir -p "$data"
export CONFITREK_DATA_DIR="$data"
export CONFITREK_BIND="127.0.0.1:$port"
export CONFITREK_STATIC_DIR="$repo/frontend/dist"
# The browser tests run their own webhook receivers on loopback.
export CONFITREK_WEBHOOK_ALLOW_PRIVATE=true
# The single sign-on journey's OpenID provider runs beside the server on loopback, over http.
export CONFITREK_SSO_ALLOW_HTTP_LOOPBACK=true

# The server logs every request at length; keep that out of the test report unless asked.
log="$data/server.log"
echo "start-server.sh: data in $data, server log in $log" >&2
if [[ -n "${E2E_SERVER_LOG:-}" ]]; then
  "$bin" demo --password "$password"
  exec "$bin" serve
fi
"$bin" demo --password "$password" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
exec "$bin" serve >>"$log" 2>&1
