#!/usr/bin/env bash
# Sets this machine up, brings up a cluster named "demo" with two nodes, and runs the example
# app: a two-tier guestbook (examples/guestbook.yaml) reached through an Ingress on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
minik8s() { node bin/run.js "$@"; }
minik8s up --name demo --nodes 2
minik8s apply -f examples/guestbook.yaml
echo "waiting for the guestbook to roll out ..." >&2
minik8s rollout status deploy/store --timeout 3m
minik8s rollout status deploy/frontend --timeout 3m
minik8s get pods -o wide
minik8s get svc,ingress
# The Ingress's address: the first URL `minik8s status` lists for the cluster.
url=$(minik8s status --name demo | awk 'NR == 2 { split($NF, u, ","); print u[1] }')
echo
for _ in $(seq 1 60); do curl -sf "$url/" >/dev/null && break; sleep 0.5; done
curl -s -d "hello from the demo" "$url/"
curl -s "$url/"
echo
echo "The guestbook answers on $url/ (curl -d 'text' $url/ adds an entry)." >&2
echo "Remove it all with: node bin/run.js down --name demo" >&2
