#!/usr/bin/env bash
# Removes what a crashed test run left behind: Docker containers and networks labelled
# minik8s.test=1. Clusters of users carry no such label and are never touched.
set -euo pipefail
ids=$(docker ps -aq --filter label=minik8s.test=1)
[ -z "$ids" ] || docker rm -f $ids >/dev/null
nets=$(docker network ls -q --filter label=minik8s.test=1)
[ -z "$nets" ] || docker network rm $nets >/dev/null
