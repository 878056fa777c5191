#!/usr/bin/env bash
# Sets this machine up, brings up a cluster named "demo" with two nodes, and runs the example
# app: a page served on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/run.js up --name demo --nodes 2
node bin/run.js apply -f examples/hello.yaml
echo "waiting for the example pod to be Ready ..." >&2
for _ in $(seq 1 120); do
  if node bin/run.js get pod hello -o json 2>/dev/null | grep -q '"ready": true'; then break; fi
  sleep 0.5
done
node bin/run.js get pods -o wide
echo
curl -s http://127.0.0.1:8080/ || true
echo
echo "The example answers on http://127.0.0.1:8080 — remove it all with: node bin/run.js down --name demo" >&2
