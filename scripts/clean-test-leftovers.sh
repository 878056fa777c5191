#!/usr/bin/env bash
# Removes what crashed test runs left behind: Docker containers and networks labelled
# minik8s.test=1, throwaway etcd members and store folders of tests and benchmarks, and image
# staging folders. Only what is older than a test run can be (30 minutes) goes, so a run going
# on meanwhile on this machine keeps its own. Clusters of users carry no such label and live
# elsewhere; they are never touched.
set -uo pipefail
max_age_s=$((30 * 60))
now=$(date +%s)
old() { [ $((now - $(date -d "$1" +%s 2>/dev/null || echo "$now"))) -gt "$max_age_s" ]; }

docker ps -a --filter label=minik8s.test=1 --format '{{.ID}}|{{.CreatedAt}}' | while IFS='|' read -r id created; do
  old "${created% *}" && docker rm -f "$id" >/dev/null
done
docker network ls --filter label=minik8s.test=1 --format '{{.ID}}|{{.CreatedAt}}' | while IFS='|' read -r net created; do
  # Docker 20.10 can keep a stale endpoint on a network until dockerd restarts: not worth failing for.
  old "${created% *}" && { docker network rm "$net" >/dev/null 2>&1 || echo "note: could not remove leftover network $net" >&2; }
done

tmp=${TMPDIR:-/tmp}
# The folder prefix of the test etcd members: FOLDER_PREFIX in src/store/local-etcd.ts.
find "$tmp" -maxdepth 1 -name 'minik8s-test-etcd-*' -type d -mmin +30 -print0 | while IFS= read -r -d '' dir; do
  pid=$(cat "$dir/etcd.pid" 2>/dev/null || true)
  # Only an etcd started for this very folder is stopped: its command line names the folder.
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir"; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
done
find "$tmp" -maxdepth 1 \( -name 'minik8s-bench-*' -o -name 'minik8s-store-*' -o -name 'minik8s-image-*' -o -name 'minik8s-test-cache-*' \) \
  -mmin +30 -exec rm -rf {} +
exit 0
