#!/usr/bin/env bash
# A private Docker engine for the container tests (ProcessKit.Testing.Testcontainers), sourced by
# .ci/run: docker_engine_start installs docker.io when missing, starts dockerd on a socket in a
# temporary directory with no bridge network (containers use host networking only: nothing may
# create a bridge or send traffic to a private-range address on these machines), builds the local
# images from the host's own programs (no registry is reachable), and exports what Testcontainers
# needs. docker_engine_stop stops that dockerd by its pid and removes its directory.
#   source .ci/docker.sh && docker_engine_start && ... ; docker_engine_stop
# Local images: processkit/redis:local, processkit/postgres:local, processkit/nginx:local.

docker_engine_start() {
  if ! command -v dockerd >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null || { echo "docker: could not install docker.io" >&2; return 1; }
  fi
  DOCKER_ENGINE_DIR=$(mktemp -d /tmp/pk-docker.XXXXXX)
  local d=$DOCKER_ENGINE_DIR
  dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false \
    --data-root "$d/root" --exec-root "$d/exec" -H "unix://$d/docker.sock" --pidfile "$d/pid" >"$d/dockerd.log" 2>&1 &
  DOCKER_ENGINE_PID=$!
  export DOCKER_HOST="unix://$d/docker.sock" DOCKER_API_VERSION=1.41 TESTCONTAINERS_RYUK_DISABLED=true
  local i
  for i in $(seq 1 100); do
    docker version >/dev/null 2>&1 && break
    kill -0 "$DOCKER_ENGINE_PID" 2>/dev/null || { echo "docker: dockerd exited:" >&2; tail -n 20 "$d/dockerd.log" >&2; return 1; }
    sleep 0.2
  done
  docker version >/dev/null 2>&1 || { echo "docker: dockerd did not answer" >&2; return 1; }
  docker_build_images
}

# Copies each file and the libraries ldd lists for it into $1, at their real paths (links followed).
docker_copy_with_libraries() {
  local root=$1; shift
  local file lib
  for file in "$@"; do
    docker_copy_file "$root" "$file"
    for lib in $(ldd "$file" 2>/dev/null | grep -oE '/[^ ]+'); do
      docker_copy_file "$root" "$lib"
    done
  done
}

docker_copy_file() { # $1: root, $2: a file, copied (its content, not a link) into its real directory
  local dir; dir=$(readlink -f "$(dirname "$2")")
  mkdir -p "$1$dir" && cp -L "$2" "$1$dir/"
}

# A minimal root: /tmp, /etc/passwd and /etc/group with root, postgres and nobody, /bin/sh.
docker_base_root() {
  local root=$1
  mkdir -p "$root/tmp" "$root/etc" "$root/var/run" && chmod 1777 "$root/tmp"
  # The host's merged /usr: /bin, /sbin, /lib, /lib64 as the same links, so copies land beside their targets.
  local link
  for link in /bin /sbin /lib /lib64; do
    if [ -L "$link" ]; then
      mkdir -p "$root/$(readlink -f "$link")" && ln -sfn "$(readlink "$link")" "$root$link"
    fi
  done
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\npostgres:x:999:\nnogroup:x:65534:\n' >"$root/etc/group"
  docker_copy_with_libraries "$root" /bin/sh "$(readlink -f /bin/sh)"
}

docker_import() { # $1: root dir, $2: image name, rest: --change options
  local root=$1 name=$2; shift 2
  tar -C "$root" -c . | docker import "$@" - "$name" >/dev/null || { echo "docker: could not import $name" >&2; return 1; }
  echo "docker: built $name"
}

docker_build_images() {
  local work; work=$(mktemp -d /tmp/pk-images.XXXXXX)
  local path='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  # redis: the server and redis-cli (Testcontainers.Redis waits with 'redis-cli ping').
  docker_base_root "$work/redis"
  docker_copy_with_libraries "$work/redis" "$(command -v redis-server)" "$(command -v redis-cli)"
  docker_import "$work/redis" processkit/redis:local --change "$path" --change 'CMD ["redis-server"]' || return 1
  # nginx: the server, its modules and mime types.
  docker_base_root "$work/nginx"
  docker_copy_with_libraries "$work/nginx" "$(command -v nginx)"
  [ -d /etc/nginx ] && cp -a --parents /etc/nginx "$work/nginx"
  mkdir -p "$work/nginx/var/log/nginx" "$work/nginx/var/lib/nginx"
  docker_import "$work/nginx" processkit/nginx:local --change "$path" --change 'CMD ["nginx", "-g", "daemon off;"]' || return 1
  # postgres: the newest installed PostgreSQL with its share files, and an entrypoint that makes a
  # cluster as the postgres images do (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB).
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local version; version=$(basename "$(dirname "$bin")")
  docker_base_root "$work/postgres"
  docker_copy_with_libraries "$work/postgres" "$bin"/*
  local dir
  for dir in "/usr/lib/postgresql/$version/lib" "/usr/share/postgresql/$version" /usr/share/zoneinfo; do
    [ -d "$dir" ] || continue
    mkdir -p "$work/postgres$dir" && cp -aL "$dir/." "$work/postgres$dir/"
  done
  for lib in $(find "/usr/lib/postgresql/$version/lib" -name '*.so'); do docker_copy_with_libraries "$work/postgres" "$lib"; done
  mkdir -p "$work/postgres/var/lib/postgresql" "$work/postgres/usr/local/bin"
  cat >"$work/postgres/usr/local/bin/docker-entrypoint.sh" <<SCRIPT
#!/bin/sh
# Makes a cluster in \$PGDATA on the first start, then runs the server as postgres.
set -e
export PATH=$bin:\$PATH LC_ALL=C
PGDATA=\${PGDATA:-/var/lib/postgresql/data}
if [ ! -s "\$PGDATA/PG_VERSION" ]; then
  printf '%s\n' "\${POSTGRES_PASSWORD:-postgres}" >/tmp/pwfile
  initdb -D "\$PGDATA" -U "\${POSTGRES_USER:-postgres}" --pwfile=/tmp/pwfile -A trust --auth-host="\${POSTGRES_HOST_AUTH_METHOD:-md5}" -E UTF8 --locale=C >/dev/null
  : >/tmp/pwfile # no rm in the image; the file is emptied
  if [ -n "\$POSTGRES_DB" ] && [ "\$POSTGRES_DB" != postgres ]; then
    echo "CREATE DATABASE \"\$POSTGRES_DB\"" | postgres --single -D "\$PGDATA" postgres >/dev/null
  fi
fi
if [ "\$1" = postgres ]; then shift; fi
exec postgres -D "\$PGDATA" -k /tmp "\$@"
SCRIPT
  chmod 755 "$work/postgres/usr/local/bin/docker-entrypoint.sh"
  chown -R 999:999 "$work/postgres/var/lib/postgresql"
  docker_import "$work/postgres" processkit/postgres:local --change "$path" --change 'USER postgres' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' --change 'CMD ["postgres"]' || return 1
  rm -rf "$work"
}

docker_engine_stop() {
  [ -n "${DOCKER_ENGINE_DIR:-}" ] || return 0
  if [ -n "${DOCKER_ENGINE_PID:-}" ] && kill -0 "$DOCKER_ENGINE_PID" 2>/dev/null; then
    # What the tests left is removed with the engine's directory; stopping dockerd stops it first.
    kill "$DOCKER_ENGINE_PID"
    local i
    for i in $(seq 1 100); do kill -0 "$DOCKER_ENGINE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$DOCKER_ENGINE_PID" 2>/dev/null && kill -9 "$DOCKER_ENGINE_PID"
  fi
  # dockerd's mounts under its data root (overlay layers) must go before the directory can.
  grep -o " $DOCKER_ENGINE_DIR/[^ ]*" /proc/self/mounts | sort -r | while read -r mount; do umount "$mount" 2>/dev/null || true; done
  rm -rf "$DOCKER_ENGINE_DIR"
  unset DOCKER_ENGINE_DIR DOCKER_ENGINE_PID DOCKER_HOST DOCKER_API_VERSION TESTCONTAINERS_RYUK_DISABLED
}
