#!/usr/bin/env bash
# One-shot set-up of a fresh Debian machine for minik8s: npm packages, a Docker engine,
# what the local images are made of, the build and the local images. Running it again only redoes what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  # `npm ci`: exactly the lock file, which lists every platform's optional packages, and never rewrites it.
  npm ci --no-audit --no-fund
fi

docker_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! docker_answers; then
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing Debian's docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io >/dev/null
  fi
  if ! docker_answers; then
    log "starting dockerd"
    mkdir -p /var/log
    # Fully detached: a runner that waits for its pipes to close must not wait for dockerd.
    setsid dockerd >/var/log/minik8s-dockerd.log 2>&1 </dev/null &
    for _ in $(seq 1 120); do docker_answers && break; sleep 0.5; done
    docker_answers || { echo "dockerd did not start; see /var/log/minik8s-dockerd.log" >&2; exit 1; }
  fi
fi

# The busybox image is made of Debian's static busybox alone: a dynamic one would not run in it.
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then
  log "installing Debian's busybox-static"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq busybox-static >/dev/null
fi

log "building minik8s"
npm run --silent build

log "building local images"
node bin/run.js images build
