#!/usr/bin/env bash
# One-shot set-up of a fresh Debian machine for minik8s: npm packages, a Docker engine, etcd
# (for the etcd store's tests), what the local images are made of, the build and the local
# images. Running it again only redoes what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_updated=
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  apt-get install -y -qq "$@" >/dev/null
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  # `npm ci`: exactly the lock file, which lists every platform's optional packages, and never rewrites it.
  npm ci --no-audit --no-fund
fi

docker_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

if ! docker_answers; then
  if ! command -v dockerd >/dev/null 2>&1; then
    log "installing Debian's docker.io"
    apt_install docker.io
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
  apt_install busybox-static
fi

# The node image carries `ip`, iptables and conntrack: the network container holds the service
# range, writes the service proxy's rules and clears stale UDP flows with them.
if [ ! -x /usr/sbin/ip ] || [ ! -x /usr/sbin/xtables-nft-multi ] || [ ! -x /usr/sbin/xtables-legacy-multi ] || [ ! -x /usr/sbin/conntrack ]; then
  log "installing Debian's iproute2, iptables and conntrack"
  apt_install iproute2 iptables conntrack
fi

# The etcd store's tests and benchmark start their own etcd member from Debian's etcd-server.
if ! command -v etcd >/dev/null 2>&1; then
  log "installing Debian's etcd-server"
  apt_install etcd-server
fi
# Where systemd runs, the package also starts an etcd service on 127.0.0.1:2379: the tests leave
# it alone, each starting a member of its own on free ports.

# The dashboard's end-to-end test and benchmark drive it in a real terminal: tmux.
if ! command -v tmux >/dev/null 2>&1; then
  log "installing Debian's tmux"
  apt_install tmux
fi

# The completion test runs each shell's own completion: zsh's and fish's too.
if ! command -v zsh >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then
  log "installing Debian's zsh and fish"
  apt_install zsh fish
fi

log "building minik8s"
npm run --silent build

log "building local images"
node bin/run.js images build
