#!/usr/bin/env python3
"""Container healthchecks of the control plane's services (installed as callcenter-healthcheck).

Each check proves the one thing its service exists for, with the standard library and redis-py only,
so it starts fast and does not load Django:

    callcenter-healthcheck http      web answers GET /healthz with {"status": "ok"} (a database query)
    callcenter-healthcheck ami       the bridge holds an established TCP connection to an AMI port
    callcenter-healthcheck bridge    as ami, or the bridge stands by while a bridge elsewhere holds a node's
                                     AMI lease (several bridges: docs/ha.md)
    callcenter-healthcheck redis     the broker / channel layer (REDIS_URL) answers PING
    callcenter-healthcheck postgres  the database (DATABASE_URL) accepts a connection and SELECT 1

Exit status 0 means healthy; anything else is unhealthy, with the reason on stdout (docker inspect shows it).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

TIMEOUT_S = 5.0
# /proc/net/tcp state code of an established connection.
TCP_ESTABLISHED = "01"


class Unhealthy(Exception):
    """The checked service is not doing its job; the message says why."""


def check_http() -> str:
    """GET the health endpoint with a Host header Django accepts (the first of ALLOWED_HOSTS)."""
    host = os.environ.get("HEALTHCHECK_HOST", "127.0.0.1")
    port = int(os.environ.get("HEALTHCHECK_PORT", "8000"))
    path = os.environ.get("HEALTHCHECK_PATH", "/healthz")
    allowed = [item.strip() for item in os.environ.get("ALLOWED_HOSTS", "").split(",") if item.strip()]
    host_header = allowed[0].lstrip(".") if allowed and allowed[0] != "*" else host
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT_S)
    try:
        # The proxy in front sets X-Forwarded-Proto; say https too so a secure-only setting never redirects.
        connection.request("GET", path, headers={"Host": host_header, "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        body = response.read(4096)
    except OSError as exc:
        raise Unhealthy(f"web: {host}:{port} unreachable: {exc}") from exc
    finally:
        connection.close()
    if response.status != 200:
        raise Unhealthy(f"web: {path} answered HTTP {response.status}")
    try:
        status = json.loads(body).get("status")
    except (ValueError, AttributeError) as exc:
        raise Unhealthy(f"web: {path} did not answer JSON") from exc
    if status != "ok":
        raise Unhealthy(f"web: {path} answered status {status!r}")
    return "web: ok"


def established_remote_ports(tables: Iterable[Path]) -> set[int]:
    """Remote ports of the established TCP connections listed in /proc/net/tcp-style tables."""
    ports: set[int] = set()
    for table in tables:
        try:
            lines = table.read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and fields[3] == TCP_ESTABLISHED:
                ports.add(int(fields[2].rsplit(":", 1)[1], 16))
    return ports


def check_ami() -> str:
    """The bridge is useful only while connected: look for its AMI connection in this network namespace."""
    wanted = {int(port) for port in os.environ.get("AMI_PORTS", "5038").split(",") if port.strip()}
    proc = Path(os.environ.get("HEALTHCHECK_PROC_NET", "/proc/net"))
    connected = established_remote_ports([proc / "tcp", proc / "tcp6"]) & wanted
    if not connected:
        raise Unhealthy(f"bridge: no established connection to an AMI port {sorted(wanted)}")
    return f"bridge: connected to AMI port(s) {sorted(connected)}"


def check_bridge() -> str:
    """A bridge holding AMI connections, or a standby while another bridge holds a node (its lease in Redis
    names another host). A holder whose AMI link is down is unhealthy: its own lease does not count."""
    try:
        return check_ami()
    except Unhealthy as not_connected:
        import redis

        url = os.environ.get("REDIS_URL")
        if not url:
            raise Unhealthy(f"{not_connected}; REDIS_URL is not set") from None
        me = socket.gethostname() + ":"
        try:
            client = redis.Redis.from_url(
                url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S, decode_responses=True
            )
            holders = [client.get(key) for key in client.scan_iter(match="cc:lease:ami:*", count=100)]
            client.close()
        except redis.RedisError as exc:
            raise Unhealthy(f"{not_connected}; redis: {exc}") from exc
        if not any(holder and not holder.startswith(me) for holder in holders):
            raise Unhealthy(f"{not_connected}, and no other bridge holds a node's AMI lease") from None
        return "bridge: standing by, another bridge holds the AMI lease"


def check_redis() -> str:
    import redis  # the app's own dependency; imported here so the other checks do not need it

    url = os.environ.get("REDIS_URL")
    if not url:
        raise Unhealthy("redis: REDIS_URL is not set")
    try:
        client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S)
        answered = client.ping()
        client.close()
    except redis.RedisError as exc:
        raise Unhealthy(f"redis: {exc}") from exc
    if answered is not True:
        raise Unhealthy("redis: no PONG")
    return "redis: ok"


def check_postgres() -> str:
    import psycopg2  # type: ignore[import-untyped]  # the app's own dependency; no stubs installed

    url = os.environ.get("DATABASE_URL")
    if not url:
        raise Unhealthy("postgres: DATABASE_URL is not set")
    parsed = urlparse(url)
    try:
        connection = psycopg2.connect(
            dbname=unquote(parsed.path.lstrip("/")),
            user=unquote(parsed.username or ""),
            password=unquote(parsed.password or ""),
            host=parsed.hostname or "",
            port=parsed.port or 5432,
            connect_timeout=int(TIMEOUT_S),
        )
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        connection.close()
    except psycopg2.Error as exc:
        raise Unhealthy(f"postgres: {exc}".strip()) from exc
    return "postgres: ok"


CHECKS: dict[str, Callable[[], str]] = {
    "http": check_http,
    "ami": check_ami,
    "bridge": check_bridge,
    "redis": check_redis,
    "postgres": check_postgres,
}


def main(argv: list[str]) -> int:
    names = argv[1:]
    if not names or any(name not in CHECKS for name in names):
        print(f"usage: callcenter-healthcheck {{{'|'.join(CHECKS)}}}...", file=sys.stderr)
        return 2
    socket.setdefaulttimeout(TIMEOUT_S)
    for name in names:
        try:
            print(CHECKS[name]())
        except Unhealthy as exc:
            print(exc)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
