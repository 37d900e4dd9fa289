#!/usr/bin/env bash
# Runs a command on a view of this machine where the helper servers the integration tests start
# (redis, nginx, postgres) were never installed, whether they are installed or not: this is how
# CI proves that the README's test command passes on a fresh machine, skipping what needs them.
#
#   bash .ci/hide-servers.sh COMMAND [ARGS...]
#
# Needs root. The command runs in a private mount namespace (unshare -m), in which /usr/bin,
# /usr/sbin and /usr/local/bin are overlays whose upper layer holds a whiteout for each server
# program, and /usr/lib/postgresql (where Debian keeps initdb and postgres) is an empty tmpfs.
# Nothing outside that namespace sees any of it; it all goes away when the command exits.
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS...]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "$0: needs root (unshare -m and mount)" >&2; exit 2; }

if [ -z "${HIDE_SERVERS_LAYERS:-}" ]; then
  # The mount point for the overlays' layers; empty again (and removed) once the namespace is gone.
  layers=$(mktemp -d /tmp/hide-servers.XXXXXX)
  trap 'rmdir "$layers"' EXIT
  # --propagation private (unshare's default): the mounts below never reach the host.
  HIDE_SERVERS_LAYERS=$layers unshare -m --propagation private -- bash "$0" "$@"
  exit
fi
layers=$HIDE_SERVERS_LAYERS
unset HIDE_SERVERS_LAYERS

programs=(redis-server redis-cli nginx postgres initdb pg_ctl psql)

# The overlays' upper and work directories live on a tmpfs: overlayfs needs whiteouts (0:0
# character devices) and a work directory on the same file system as the upper one.
mount -t tmpfs hide-servers "$layers"
i=0
for dir in /usr/bin /usr/sbin /usr/local/bin; do
  [ -d "$dir" ] || continue
  i=$((i + 1))
  mkdir "$layers/upper$i" "$layers/work$i"
  for program in "${programs[@]}"; do
    mknod "$layers/upper$i/$program" c 0 0
  done
  mount -t overlay "hide-servers$i" -o "lowerdir=$dir,upperdir=$layers/upper$i,workdir=$layers/work$i" "$dir"
done
if [ -d /usr/lib/postgresql ]; then
  mount -t tmpfs hide-servers-postgresql /usr/lib/postgresql
fi

for program in "${programs[@]}"; do
  if found=$(command -v "$program"); then
    echo "$0: $program is still visible at $found" >&2
    exit 2
  fi
done
echo "hidden from this run: ${programs[*]} and /usr/lib/postgresql"

exec "$@"
