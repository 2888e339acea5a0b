#!/usr/bin/env bash
# CI's check of README's first command: `npm start` on this machine comes up, serves the app,
# lets a demo inspector log in and list today's sheet, then stops cleanly.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-18080}
data=$(mktemp -d)
# Its own process group, so stopping it reaches npm, the launcher and the server, as Ctrl-C would.
PORT=$port DATA_DIR=$data setsid npm start > "$data/start.log" 2>&1 &
pid=$!
cleanup() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  # The server stops the Redis it started; nothing of this run may outlive it.
  if pgrep -f "redis-server" >/dev/null && for p in $(pgrep redis-server); do readlink "/proc/$p/cwd"; done | grep -q "^$data"; then
    echo "npm start left its Redis running"; rm -rf "$data"; exit 1
  fi
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/start.log"; echo "npm start exited"; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$data/start.log"; echo "npm start did not come up"; exit 1; }
grep -q "inspector1a" "$data/start.log" || { cat "$data/start.log"; echo "demo logins not printed"; exit 1; }
curl -fs "http://127.0.0.1:$port/" | grep -q '<div id="app"' || { echo "app shell not served"; exit 1; }
token=$(curl -fs -H 'content-type: application/json' -d '{"username":"inspector1a","password":"suicha-demo"}' "http://127.0.0.1:$port/api/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -fs -H "authorization: Bearer $token" "http://127.0.0.1:$port/api/sheets" | grep -q '"docName":"sheet:g1:' || { echo "no sheet for inspector1a"; exit 1; }
echo "npm start: ok"
