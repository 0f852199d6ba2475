"""The fault suite: the compose stack on a real Asterisk, with its own Redis and its own PostgreSQL (to restart
them) and a fault proxy in front of the node's AMI port (to cut or freeze the link), under a steady burst of
calls."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django import DjangoDbBlocker

from tests.asterisk.conftest import (  # noqa: F401 - the session's database, written for real
    _database,
    django_db_setup,
)
from tests.asterisk.node import AsteriskNode, free_port, wait_until
from tests.asterisk.phones import caller_phone
from tests.faults.proxy import FaultProxy
from tests.stack.conftest import Stack, run_stack

if TYPE_CHECKING:
    import redis

SALES_DID = "74950000002"


@dataclass
class OwnRedis:
    """A Redis of the suite's own on another port: restarting it touches nothing else on the machine."""

    root: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed"
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--dir", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        wait_until(lambda: _ping(redis.Redis.from_url(self.url)), 10, "the suite's Redis to answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def _ping(client: redis.Redis[bytes]) -> bool:
    try:
        return bool(client.ping())
    except Exception:
        return False


@dataclass
class OwnPostgres:
    """The PostgreSQL cluster ``scripts/with-own-postgres.sh`` started for this run (``make test-faults``): the
    suite's database lives there, so restarting it touches nothing else on the machine."""

    data: Path
    bin: Path
    port: int

    @classmethod
    def from_environment(cls) -> OwnPostgres:
        data, binaries, port = (os.environ.get(f"OWN_POSTGRES_{key}") for key in ("DATA", "BIN", "PORT"))
        if not (data and binaries and port):
            raise AssertionError(
                "the fault suite restarts its own PostgreSQL: run it as `make test-faults` "
                "(scripts/with-own-postgres.sh starts that cluster and points DATABASE_URL at it)"
            )
        from django.db import connection

        assert str(connection.settings_dict["PORT"]) == port, "DATABASE_URL is not the suite's own PostgreSQL"
        return cls(Path(data), Path(binaries), int(port))

    def restart(self) -> None:
        """Stop the server the way a crash does (``-m immediate``: no checkpoint, every backend killed),
        then start it again; it recovers from its WAL."""
        command = [
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-m",
            "immediate",
            "-l",
            str(self.data.parent / "server.log"),  # the server must not hold our pipes open
            "-w",
            "-t",
            "60",
            "restart",
        ]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=90)


@dataclass
class Faulty:
    stack: Stack
    proxy: FaultProxy
    redis: OwnRedis
    postgres: OwnPostgres


class Burst:
    """Callers who keep calling sales, each hanging up by themselves after a few seconds."""

    def __init__(self, stack: Stack, lines: int = 2) -> None:
        self.stack = stack
        self.stop_flag = threading.Event()
        self.placed = 0
        self.threads = [threading.Thread(target=self._line, args=(n,), daemon=True) for n in range(lines)]

    def _line(self, line: int) -> None:
        number = 0
        while not self.stop_flag.is_set():
            number += 1
            phone = caller_phone(f"7916777{line}{number:03d}", duration=4)
            try:
                since = phone.dial(f"sip:{SALES_DID}@127.0.0.1:{self.stack.node.sip_port}")
                phone.wait_disconnected(since, timeout=40)
                self.placed += 1
            except AssertionError:
                pass  # a call the fault ended early is still a call Asterisk logged
            finally:
                phone.stop()

    def __enter__(self) -> Burst:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop_flag.set()
        for thread in self.threads:
            thread.join(60)


@pytest.fixture(scope="session")
def faulty(
    django_db_setup: None,  # noqa: F811
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Faulty]:
    root = tmp_path_factory.mktemp("faults")
    own_postgres = OwnPostgres.from_environment()
    own_redis = OwnRedis(root)
    own_redis.start()
    proxies: list[FaultProxy] = []

    def through_proxy(node: AsteriskNode) -> int:
        proxies.append(FaultProxy(node.ami_port).start())
        return proxies[0].port

    try:
        with run_stack(django_db_blocker, root, own_redis.url, ami_port=through_proxy) as stack:
            yield Faulty(stack, proxies[0], own_redis, own_postgres)
    finally:
        for proxy in proxies:
            proxy.stop()
        own_redis.stop()
