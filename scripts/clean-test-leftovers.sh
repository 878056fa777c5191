#!/usr/bin/env bash
# Removes what a crashed test run left behind: Docker containers and networks labelled
# minik8s.test=1, and the throwaway etcd members and store folders of tests and benchmarks.
# Clusters of users carry no such label and live elsewhere; they are never touched.
set -uo pipefail
ids=$(docker ps -aq --filter label=minik8s.test=1)
[ -z "$ids" ] || docker rm -f $ids >/dev/null
for net in $(docker network ls -q --filter label=minik8s.test=1); do
  # Docker 20.10 can keep a stale endpoint on a network until dockerd restarts: not worth failing for.
  docker network rm "$net" >/dev/null 2>&1 || echo "note: could not remove leftover network $net" >&2
done
tmp=${TMPDIR:-/tmp}
# The folder prefix of the test etcd members: FOLDER_PREFIX in src/store/local-etcd.ts.
for dir in "$tmp"/minik8s-test-etcd-*; do
  [ -d "$dir" ] || continue
  pid=$(cat "$dir/etcd.pid" 2>/dev/null || true)
  # Only an etcd started for this very folder is stopped: its command line names the folder.
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir"; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
done
rm -rf "$tmp"/minik8s-bench-store-* "$tmp"/minik8s-store-*
exit 0
