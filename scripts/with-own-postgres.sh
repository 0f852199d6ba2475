#!/usr/bin/env bash
# Run a command against a PostgreSQL of its own: a fresh cluster on a free port of 127.0.0.1, stopped and removed
# afterwards. The fault suite restarts it; the machine's shared PostgreSQL is never touched.
#
#   scripts/with-own-postgres.sh COMMAND [ARGS...]
#
# The command sees DATABASE_URL (database OWN_POSTGRES_DB, default callcenter_faults, on the new cluster),
# OWN_POSTGRES_DATA (the cluster's data directory) and OWN_POSTGRES_BIN (the server's bin directory).
set -euo pipefail

BIN="${OWN_POSTGRES_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
    echo "with-own-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
    exit 2
fi
ROOT="$(mktemp -d /tmp/cc-own-postgres.XXXXXX)"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DATA="$ROOT/data"

as_owner() {
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres account then.
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$ROOT"

stop() {
    as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$ROOT"
}
trap stop EXIT

as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -E UTF8 --no-sync >"$ROOT/initdb.log" 2>&1 \
    || { cat "$ROOT/initdb.log" >&2; exit 1; }
as_owner "$BIN/pg_ctl" -D "$DATA" -l "$ROOT/server.log" -w -t 60 \
    -o "-p $PORT -k $ROOT -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$ROOT/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/${OWN_POSTGRES_DB:-callcenter_faults}"
export OWN_POSTGRES_DATA="$DATA" OWN_POSTGRES_BIN="$BIN" OWN_POSTGRES_PORT="$PORT"
echo "with-own-postgres: PostgreSQL on 127.0.0.1:$PORT ($DATA)" >&2
"$@"
