"""The replicated form of docker/compose.yaml (docs/ha.md): web, bridge and beat run as several replicas
that share nothing but PostgreSQL and Redis, and the proxy spreads requests over every web replica."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from callcenter.celery import app as celery_app
from tests.deploy.conftest import DOCKER_DIR, service_argv


def test_web_bridge_and_beat_run_two_replicas_by_default(compose_resolved: dict[str, Any]) -> None:
    services = compose_resolved["services"]
    for name in ("web", "bridge", "beat"):
        assert services[name]["deploy"]["replicas"] == 2, name
        assert "container_name" not in services[name], name  # a fixed name allows one container only
        assert "ports" not in services[name], name  # a published port would clash between replicas


def test_replicas_of_bridge_and_beat_share_the_lease_timing(compose_resolved: dict[str, Any]) -> None:
    services = compose_resolved["services"]
    for name in ("bridge", "beat"):
        environment = services[name]["environment"]
        assert (environment["LEASE_TTL_MS"], environment["LEASE_RENEW_MS"]) == ("6000", "2000"), name


def test_beat_elects_one_sender_by_its_lease(compose_raw: dict[str, Any]) -> None:
    # Celery reads CELERY_BEAT_SCHEDULER unless the command line names another scheduler.
    assert settings.CELERY_BEAT_SCHEDULER == "callcenter.core.beat:LeasedScheduler"
    assert celery_app.conf.beat_scheduler == "callcenter.core.beat:LeasedScheduler"
    argv = service_argv(compose_raw["services"]["beat"])
    assert not any(arg.startswith(("--scheduler", "-S")) for arg in argv)


def test_a_standby_bridge_counts_as_healthy(compose_raw: dict[str, Any]) -> None:
    test = compose_raw["services"]["bridge"]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "callcenter-healthcheck", "bridge"]


def test_the_proxy_spreads_requests_over_every_web_replica() -> None:
    template = (DOCKER_DIR / "nginx" / "templates" / "default.conf.template").read_text()
    upstream = template.split("upstream callcenter_web {", 1)[1].split("}", 1)[0]
    assert "server web:8000 resolve" in upstream  # every address Docker's DNS gives for web, kept fresh
    assert "zone callcenter_web" in upstream  # `resolve` needs a shared zone
    assert "resolver 127.0.0.11" in upstream  # Docker's embedded DNS
