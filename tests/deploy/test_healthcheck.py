"""docker/app/healthcheck.py against real services: the local Redis, PostgreSQL, TCP and HTTP servers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
import redis
from django.db import connection
from pytest_django.live_server_helper import LiveServer

from tests.deploy.conftest import DOCKER_DIR

HEALTHCHECK = DOCKER_DIR / "app" / "healthcheck.py"


def healthcheck(*checks: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK), *checks],
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
    )


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_ami_is_healthy_while_a_connection_to_the_ami_port_is_established() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = server.accept()
            with accepted:
                result = healthcheck("ami", AMI_PORTS=f"5038,{port}")
                assert result.returncode == 0, result.stdout
                assert f"connected to AMI port(s) [{port}]" in result.stdout
            client.shutdown(socket.SHUT_RDWR)
    result = healthcheck("ami", AMI_PORTS=str(port))
    assert result.returncode == 1
    assert "no established connection" in result.stdout


def test_redis_is_healthy_when_it_answers_ping() -> None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    result = healthcheck("redis", REDIS_URL=url)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "redis: ok"


def test_redis_is_unhealthy_when_nothing_listens() -> None:
    result = healthcheck("redis", REDIS_URL=f"redis://127.0.0.1:{unused_port()}/0")
    assert result.returncode == 1
    assert result.stdout.startswith("redis:")


@pytest.mark.django_db
def test_postgres_is_healthy_when_it_accepts_a_query() -> None:
    if connection.vendor != "postgresql":
        raise RuntimeError("this test needs DATABASE_URL pointing at PostgreSQL")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    result = healthcheck("postgres", DATABASE_URL=url)
    assert result.returncode == 0, result.stdout


def test_postgres_is_unhealthy_when_the_database_is_missing() -> None:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/cc_deploy_no_such_db"
    result = healthcheck("postgres", DATABASE_URL=url)
    assert result.returncode == 1
    assert "cc_deploy_no_such_db" in result.stdout


@pytest.mark.urls("tests.deploy.urls")
def test_web_is_healthy_when_healthz_answers_ok(live_server: LiveServer) -> None:
    host, port = live_server.url.removeprefix("http://").split(":")
    result = healthcheck("http", HEALTHCHECK_HOST=host, HEALTHCHECK_PORT=port, ALLOWED_HOSTS="localhost")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "web: ok"


@pytest.mark.urls("tests.deploy.urls")
def test_web_is_unhealthy_when_the_endpoint_fails(live_server: LiveServer) -> None:
    host, port = live_server.url.removeprefix("http://").split(":")
    result = healthcheck(
        "http", HEALTHCHECK_HOST=host, HEALTHCHECK_PORT=port, HEALTHCHECK_PATH="/no-such-page"
    )
    assert result.returncode == 1
    assert "answered HTTP 404" in result.stdout


def test_web_is_unhealthy_when_nothing_listens() -> None:
    result = healthcheck("http", HEALTHCHECK_PORT=str(unused_port()))
    assert result.returncode == 1
    assert "unreachable" in result.stdout


def test_an_unknown_check_is_a_usage_error() -> None:
    result = healthcheck("smtp")
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_a_standby_bridge_is_healthy_while_another_host_holds_a_node_lease() -> None:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    client = redis.Redis.from_url(url, decode_responses=True)
    key = "cc:lease:ami:healthcheck-test"
    port = unused_port()
    try:
        client.set(key, f"{socket.gethostname()}:1:own", px=10_000)
        result = healthcheck("bridge", AMI_PORTS=str(port), REDIS_URL=url)
        assert result.returncode == 1  # its own lease and no AMI connection: the holder is not connected
        assert "no other bridge holds" in result.stdout

        client.set(key, "elsewhere:1:other", px=10_000)
        result = healthcheck("bridge", AMI_PORTS=str(port), REDIS_URL=url)
        assert result.returncode == 0, result.stdout
        assert "standing by" in result.stdout
    finally:
        client.delete(key)
        client.close()
