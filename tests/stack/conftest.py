"""The compose topology, proven: docker/compose.yaml's services as local processes on a real Asterisk.

Session-wide, like the real-Asterisk suite (tests/asterisk/): one Asterisk node with pjsua phones, the demo
center applied to it, and then every long-lived service of the control plane's image started with its own
command and environment from the compose file (tests/stack/compose.py). The tests talk to the stack the way
its users do: a supervisor's WebSocket, the product's actions, Celery's broker, the node's CLI.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
import redis
from django.conf import settings
from pytest_django import DjangoDbBlocker

from tests.asterisk.conftest import (  # noqa: F401 - the session's database, written for real
    AGENTS,
    SUPERVISOR,
    _database,
    _database_url,
    _seed,
    apply,
    django_db_setup,
)
from tests.asterisk.node import AsteriskNode, ensure_built, free_port, wait_until
from tests.asterisk.phones import Phones, caller_phone
from tests.stack.compose import LocalService, app_services, local_service, resolve

# One-shot services run to completion first; every other service of the image must stay up and be healthy.
T = TypeVar("T")

ONE_SHOT = ("migrate",)
START_TIMEOUT_S = 90.0
LOAD_INTERVAL_S = 10  # QUEUE_LOG_LOAD_INTERVAL given to the stack: the worker must load within one interval


@dataclass
class Stack:
    node: AsteriskNode
    server: Any
    passwords: dict[str, str]
    services: dict[str, LocalService]
    web_port: int
    root: Path
    phones: Phones = field(default_factory=Phones)

    def service_logs(self) -> str:
        return "\n".join(
            f"--- {name} ---\n{service.output()[-3000:]}" for name, service in self.services.items()
        )

    def check_running(self) -> None:
        for name, service in self.services.items():
            if name not in ONE_SHOT and not service.running():
                raise AssertionError(
                    f"service {name} exited with {service.process.returncode if service.process else '?'}:\n{service.output()[-4000:]}"
                )


def _compose_env(node: AsteriskNode) -> dict[str, str]:
    """docker/.env as an admin fills it in (docs/deployment.md), for a stack served on 127.0.0.1."""
    example = (Path(__file__).resolve().parents[2] / "docker" / ".env.example").read_text().splitlines()
    env: dict[str, str] = {}
    for line in example:
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            env[key] = value
    env.update(
        SECRET_KEY=secrets.token_urlsafe(48),
        FIELD_ENCRYPTION_KEY=settings.FIELD_ENCRYPTION_KEY,  # the test process encrypted the phones' secrets
        POSTGRES_PASSWORD=secrets.token_hex(12),
        REDIS_PASSWORD=secrets.token_hex(12),
        AMI_SECRET=node.ami_secret,
        AMI_USERNAME=node.ami_username,
        SERVER_NAME="localhost",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        SIP_EXTERNAL_ADDRESS="127.0.0.1",
        QUEUE_LOG_LOAD_INTERVAL=str(LOAD_INTERVAL_S),
        AMI_PORTS=str(node.ami_port),
    )
    return env


@pytest.fixture(scope="session")
def stack(
    django_db_setup: None,  # noqa: F811
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Stack]:
    assert settings.REDIS_URL, "the stack suite needs REDIS_URL"
    with run_stack(django_db_blocker, tmp_path_factory.mktemp("stack"), str(settings.REDIS_URL)) as result:
        yield result


@contextlib.contextmanager
def run_stack(
    django_db_blocker: Any,
    root: Path,
    redis_url: str,
    *,
    ami_port: Callable[[AsteriskNode], int] | None = None,
) -> Iterator[Stack]:
    """The node, the center applied to it, and compose's services. ``ami_port`` gives the port the control
    plane dials for AMI (a fault proxy's), when it is not the node's own."""
    ensure_built()
    redis.Redis.from_url(redis_url).flushdb()
    node = AsteriskNode(root / "node")
    node.prepare()
    node.start()
    services: dict[str, LocalService] = {}
    result: Stack | None = None
    carrier = caller_phone(
        "carrier", node.carrier_port
    )  # customers behind the trunk; up before it is applied
    try:
        with django_db_blocker.unblock():
            server, passwords = _seed(node)
            # As in production: the secret lives in the environment, the row names the variable.
            server.ami_secret, server.ami_secret_env = "", "AMI_SECRET"
            from callcenter.pbx import actions as pbx_actions
            from callcenter.pbx.render import render_center
            from callcenter.pbx.snapshot import collect

            os.environ["AMI_SECRET"] = node.ami_secret
            pbx_actions.save(None, server)
            rendered = render_center(collect(server), str(node.config_dir / "live"))
            node.make_prompts(rendered.files.values())
            entry = apply(server, node.sounds / "en")
            assert entry.status == "applied", entry.error
            if ami_port is not None:
                server.ami_port = ami_port(node)
                pbx_actions.save(None, server)

        env = _compose_env(node)
        env["AMI_PORTS"] = str(server.ami_port)
        config = resolve(env, root)
        web_port = free_port()
        volumes = {
            "asterisk-config": node.config_dir,
            "asterisk-logs": node.log_dir,
            "recordings": node.root / "spool" / "monitor",
            "_image": root / "var",
        }
        for name in ("static", "media", "beat"):
            volumes[name] = root / "volumes" / name
            volumes[name].mkdir(parents=True)
        (root / "logs").mkdir()
        overrides = {
            "DATABASE_URL": _database_url(),
            "REDIS_URL": redis_url,
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }
        for name, definition in app_services(config).items():
            services[name] = local_service(
                name, definition, volumes=volumes, overrides=overrides, web_port=web_port, logs=root / "logs"
            )
        result = Stack(node, server, passwords, services, web_port, root)
        result.phones["carrier"] = carrier
        for name in ONE_SHOT:
            one_shot = services[name]
            one_shot.start()
            assert one_shot.process is not None
            code = one_shot.process.wait(timeout=300)
            assert code == 0, f"{name} exited with {code}:\n{one_shot.output()[-4000:]}"
        for name, service in services.items():
            if name not in ONE_SHOT:
                service.start()
        for name in services:
            if name not in ONE_SHOT:
                wait_healthy(result, name)
        result.phones.register([*AGENTS, SUPERVISOR], passwords, node.sip_port)
        yield result
    finally:
        if result is not None:
            result.phones.stop()
        for service in services.values():
            service.stop()
        carrier.stop()
        node.stop()


def wait_healthy(stack: Stack, name: str) -> None:
    service = stack.services[name]
    try:
        wait_stack(stack, service.healthy, START_TIMEOUT_S, f"service {name} to become healthy")
    except AssertionError as exc:
        raise AssertionError(f"{exc}:\n{service.output()[-4000:]}") from None


def wait_stack(stack: Stack, predicate: Callable[[], T | None], timeout: float, what: str) -> T:
    """Like wait_until, but a service that died on the way fails the test with its log."""

    def check() -> T | None:
        stack.check_running()
        return predicate()

    try:
        return wait_until(check, timeout, what, interval=0.2)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{stack.service_logs()}") from None


def sign_in(stack: Stack, username: str, password: str) -> str:
    """Sign in on the stack's web service as a browser behind the TLS proxy would; returns the session key."""
    import http.client
    import re
    from urllib.parse import urlencode

    origin = f"https://127.0.0.1:{stack.web_port}"
    proxy = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{stack.web_port}"}
    web = http.client.HTTPConnection("127.0.0.1", stack.web_port, timeout=30)
    web.request("GET", "/accounts/login/", headers=proxy)
    page = web.getresponse()
    body = page.read().decode()
    assert page.status == 200, (page.status, body[:500])
    cookies = {
        match.group(1): match.group(2)
        for header in page.headers.get_all("Set-Cookie") or []
        if (match := re.match(r"([^=]+)=([^;]*)", header))
    }
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    form = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)})
    web.request(
        "POST",
        "/accounts/login/",
        body=form,
        headers={
            **proxy,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{key}={value}" for key, value in cookies.items()),
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
        },
    )
    answer = web.getresponse()
    answer.read()
    assert answer.status == 302, f"sign-in answered {answer.status}"
    for header in answer.headers.get_all("Set-Cookie") or []:
        match = re.match(r"sessionid=([^;]+)", header)
        if match:
            return match.group(1)
    raise AssertionError("the sign-in set no session cookie")
