#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster in a temporary directory on a local port.
#   eval "$(scripts/pg-throwaway.sh start)"   # exports DATABASE_URL and PG_TMP
#   scripts/pg-throwaway.sh stop "$PG_TMP"
# Installs Debian's postgresql with apt-get when no server binaries are found.
set -euo pipefail

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "${1:-}" in
  start)
    bin=$(pg_bin || true)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
      echo "PostgreSQL 未安装，正在用 apt-get 安装…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
      bin=$(pg_bin)
    fi
    port=${PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    tmp=$(mktemp -d /tmp/zhenggai-pg.XXXXXX)
    run=()
    if [ "$(id -u)" = 0 ]; then
      # initdb refuses to run as root.
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown postgres "$tmp"
      run=(runuser -u postgres --)
    fi
    "${run[@]}" "$bin/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w start \
      -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres zhenggai
    echo "export PG_TMP=$tmp DATABASE_URL=postgres://postgres@127.0.0.1:$port/zhenggai"
    ;;
  stop)
    tmp=${2:?usage: stop PG_TMP}
    bin=$(pg_bin)
    run=()
    [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$bin/pg_ctl" -D "$tmp/data" -m fast -w stop >/dev/null || true
    rm -rf "$tmp"
    ;;
  *)
    echo "usage: $0 start | stop PG_TMP" >&2
    exit 2
    ;;
esac
