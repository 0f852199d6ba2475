#!/usr/bin/env bash
# Make sure the real PostgreSQL and Redis the tests talk to are up; start them if they are down.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

wait_for() { # name, check function, seconds
    local name=$1 check=$2 limit=$3 i
    for ((i = 0; i < limit * 10; i++)); do
        if "$check"; then return 0; fi
        sleep 0.1
    done
    echo "error: $name did not come up within ${limit}s" >&2
    return 1
}

if ! pg_up; then
    echo "PostgreSQL is down; starting it" >&2
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
    else
        echo "error: PostgreSQL is not running on 127.0.0.1:5432 and pg_ctlcluster is not available" >&2
        exit 1
    fi
    wait_for PostgreSQL pg_up 30
fi

if ! redis_up; then
    echo "Redis is down; starting it" >&2
    if command -v redis-server >/dev/null 2>&1; then
        mkdir -p /var/lib/redis /var/log/redis
        redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
            --dir /var/lib/redis --logfile /var/log/redis/ci.log
    else
        echo "error: Redis is not running on 127.0.0.1:6379 and redis-server is not installed" >&2
        exit 1
    fi
    wait_for Redis redis_up 30
fi

# Debian's chromium drives the browser tests; install it where we can (root, Debian), never a downloaded build.
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium for the browser tests" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "warning: could not install chromium" >&2
    fi
fi
# SoX converts uploaded prompts and music on hold to what Asterisk plays (callcenter/pbx/audio.py);
# libsox-fmt-mp3 lets it read (and the tests write) MP3. The app image installs the same two packages.
missing_audio=""
for deb in sox libsox-fmt-mp3; do
    dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing_audio="$missing_audio $deb"
done
if [ -n "$missing_audio" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's$missing_audio for audio uploads" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing_audio >/dev/null) \
            || echo "warning: could not install$missing_audio" >&2
    else
        echo "warning: missing Debian packages:$missing_audio (audio uploads and their tests need them)" >&2
    fi
fi
# The compose file is validated offline by Debian's docker-compose when the docker CLI has no compose plugin.
# --no-install-recommends: otherwise apt pulls in the Docker engine, which is not needed to validate.
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null) \
            || echo "warning: could not install docker-compose" >&2
    fi
fi
echo "services: PostgreSQL and Redis are up"
