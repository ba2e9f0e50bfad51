#!/usr/bin/env bash
# The run command: on a fresh Debian/Ubuntu machine with Rust, installs nats-server from
# the distribution's packages when it is missing, builds govtrack, and starts it with
# the demo organisation loaded (`govtrack up --demo`). Extra arguments go to `up`
# (e.g. --data-dir /var/lib/govtrack). Ctrl-C stops it; running it again resumes.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ] && [ ! -x /usr/local/bin/nats-server ]; then
  echo "run.sh: installing nats-server (Debian package)" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nats-server >/dev/null
fi

exec cargo run --release -p govtrack -- up --demo "$@"
