#!/usr/bin/env bash
# Removes what a crashed test run left behind: Docker containers and networks labelled
# minik8s.test=1. Clusters of users carry no such label and are never touched.
set -uo pipefail
ids=$(docker ps -aq --filter label=minik8s.test=1)
[ -z "$ids" ] || docker rm -f $ids >/dev/null
for net in $(docker network ls -q --filter label=minik8s.test=1); do
  # Docker 20.10 can keep a stale endpoint on a network until dockerd restarts: not worth failing for.
  docker network rm "$net" >/dev/null 2>&1 || echo "note: could not remove leftover network $net" >&2
done
exit 0
