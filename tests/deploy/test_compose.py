"""Invariants of docker/compose.yaml: what must hold for the center to run safely in production."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from callcenter.celery import app as celery_app
from callcenter.demo.node import DemoNode
from callcenter.demo.runner import SERVICES, ProductionForm, demo_starters
from callcenter.pbx.models import AsteriskServer
from tests.deploy.conftest import (
    APP_SERVICES,
    COMPOSE_FILE,
    DOCKER_DIR,
    LONG_RUNNING,
    REPO_ROOT,
    celery_subcommand,
    compose_command,
    consumed_queues,
    env_example_values,
    load_compose_raw,
    routed_queue,
    service_argv,
)

AMI_PORT = 5038
SECRET_NAME = re.compile(r"SECRET|PASSWORD|(^|_)KEY$|AUTH|TOKEN")
REQUIRED_REFERENCE = re.compile(r"\$\{[A-Z_][A-Z0-9_]*:\?[^}]+\}")
# scheme://user:password@host..., where user may itself be a ${VAR:-default} reference
URL_CREDENTIALS = re.compile(r"[a-z]+://(?P<user>\$\{[^}]*\}|[^:@/]*):(?P<password>.+)@[^@]+")


def management_commands(argv: list[str]) -> list[str]:
    """The ``manage.py <command>`` a service runs, also inside an ``sh -c`` script."""
    if len(argv) >= 3 and Path(argv[0]).name in {"sh", "bash"} and argv[1] == "-c":
        return re.findall(r"manage\.py\s+([\w-]+)", argv[2])
    return [argv[index + 1] for index, arg in enumerate(argv[:-1]) if Path(arg).name == "manage.py"]


def compose_cli_commands() -> list[tuple[str, list[str]]]:
    """(service, argv to run with --help) for every management command and Celery command in compose."""
    found: list[tuple[str, list[str]]] = []
    for name, service in load_compose_raw()["services"].items():
        argv = service_argv(service)
        for command in management_commands(argv):
            found.append((name, [sys.executable, "manage.py", command]))
        if celery_subcommand(argv) is not None:
            found.append((name, [sys.executable, "-m", "celery", *argv[1:]]))
    return found


def mounts(service: dict[str, Any]) -> dict[str, tuple[str, bool]]:
    """Container path -> (volume name, read-only) of a resolved service's named-volume mounts."""
    found: dict[str, tuple[str, bool]] = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target, *rest = volume.split(":")
            found[target] = (source, bool(rest) and "ro" in rest[0].split(","))
        else:
            found[volume["target"]] = (volume.get("source", ""), bool(volume.get("read_only")))
    return found


def published_ports(service: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(published, target, protocol) of a resolved service, one entry per port of a range."""
    ports = []
    for port in service.get("ports", []):
        if isinstance(port, dict):
            ports.append((int(port["published"]), int(port["target"]), port.get("protocol", "tcp")))
        else:
            spec, _, protocol = str(port).partition("/")
            published, _, target = spec.rpartition(":")
            ports.append((int(published or target), int(target), protocol or "tcp"))
    return ports


def test_the_center_has_all_its_services(compose_raw: dict[str, Any]) -> None:
    assert set(compose_raw["services"]) == {*LONG_RUNNING, "migrate"}


def test_every_service_has_a_healthcheck(compose_raw: dict[str, Any]) -> None:
    for name, service in compose_raw["services"].items():
        healthcheck = service.get("healthcheck")
        assert healthcheck, f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name} disables its healthcheck"
        assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert {"interval", "timeout", "retries"} <= healthcheck.keys(), name


def test_long_running_services_restart_and_migrate_runs_once(compose_raw: dict[str, Any]) -> None:
    services = compose_raw["services"]
    for name in LONG_RUNNING:
        assert services[name].get("restart") in {"unless-stopped", "always"}, name
    assert services["migrate"]["restart"] == "no"
    assert "migrate --noinput" in " ".join(services["migrate"]["command"])


def test_every_dependency_waits_on_a_condition(compose_raw: dict[str, Any]) -> None:
    for name, service in compose_raw["services"].items():
        depends_on = service.get("depends_on", {})
        assert isinstance(depends_on, dict), f"{name}: depends_on without conditions"
        for dependency, rule in depends_on.items():
            assert rule.get("condition") in {
                "service_healthy",
                "service_completed_successfully",
            }, f"{name} -> {dependency}"


def test_the_control_plane_starts_after_the_migration_and_its_services(compose_raw: dict[str, Any]) -> None:
    services = compose_raw["services"]
    for name in ("web", "bridge", "worker", "dialer-worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_every_service_the_demo_starts_runs_in_compose(compose_raw: dict[str, Any]) -> None:
    node = DemoNode("demo", 5038, "demo", "demo", Path("/nonexistent"), Path("/nonexistent/queue_log"))
    # The demo starts the simulator (compose runs a real Asterisk) and then exactly the one list of services.
    assert len(demo_starters(node)) == 1 + len(SERVICES)
    celery_app.loader.import_default_modules()
    workers = consumed_queues(compose_raw, celery_app.conf.task_default_queue)
    deployed: set[ProductionForm] = set()
    for name, service in compose_raw["services"].items():
        argv = service_argv(service)
        deployed |= {ProductionForm("manage.py", command) for command in management_commands(argv)}
        subcommand = celery_subcommand(argv)
        if subcommand is not None:
            deployed.add(ProductionForm("celery", subcommand))
        for task in celery_app.tasks.values():
            if routed_queue(celery_app, task) in workers.get(name, set()):
                deployed.add(ProductionForm("celery", "worker", consumes_task=task.name))
    missing = {service.name: service.production for service in SERVICES if service.production not in deployed}
    assert missing == {}, f"no compose service runs {missing}"


@pytest.mark.parametrize(
    ("service", "argv"),
    compose_cli_commands(),
    ids=[f"{name}:{shlex.join(argv[1:])}" for name, argv in compose_cli_commands()],
)
def test_every_command_a_service_runs_exists(service: str, argv: list[str]) -> None:
    result = subprocess.run(
        [*argv, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    assert result.returncode == 0, f"{service}: {shlex.join(argv)} --help failed:\n{result.stderr}"


def test_the_commands_of_the_control_plane_are_all_checked() -> None:
    # The parametrized check above sees every command of the bridge, workers, beat and migrate.
    checked = {name for name, _argv in compose_cli_commands()}
    assert checked == {"migrate", "bridge", "worker", "dialer-worker", "beat"}


def test_only_the_bridge_holds_an_ami_event_stream(compose_raw: dict[str, Any]) -> None:
    # One AMI event stream per node: the bridge's. Spy sessions, trunk alarms and the dialer's attempts
    # are its subscribers; everyone else logs in only for an action, with events off.
    runs = {
        name: management_commands(service_argv(service)) for name, service in compose_raw["services"].items()
    }
    assert [name for name, commands in runs.items() if "ami_bridge" in commands] == ["bridge"]
    assert "wallboard_spywatch" not in {command for commands in runs.values() for command in commands}


def test_asterisk_depends_on_nothing_of_the_control_plane(compose_raw: dict[str, Any]) -> None:
    # Calls must keep flowing (and queue_log keep growing) while the control plane is down.
    assert "depends_on" not in compose_raw["services"]["asterisk"]


def test_ami_is_never_published(compose_resolved: dict[str, Any]) -> None:
    for name, service in compose_resolved["services"].items():
        assert service.get("network_mode") != "host", f"{name} would expose every port of the host"
        for published, target, _protocol in published_ports(service):
            assert AMI_PORT not in (published, target), f"{name} publishes the AMI port"
    asterisk = compose_resolved["services"]["asterisk"]
    assert str(AMI_PORT) in [str(port) for port in asterisk["expose"]]
    assert (
        asterisk["environment"]["AMI_PERMIT"]
        == compose_resolved["networks"]["backend"]["ipam"]["config"][0]["subnet"]
    )


def test_sip_and_the_rtp_range_are_published(compose_resolved: dict[str, Any]) -> None:
    ports = set(published_ports(compose_resolved["services"]["asterisk"]))
    assert {(5060, 5060, "udp"), (5060, 5060, "tcp")} <= ports
    env = env_example_values()
    rtp = {port for port in ports if port[2] == "udp" and port[0] != 5060}
    first, last = int(env["RTP_PORT_START"]), int(env["RTP_PORT_END"])
    assert rtp == {(port, port, "udp") for port in range(first, last + 1)}


def test_asterisk_and_the_control_plane_share_config_queue_log_and_recordings(
    compose_resolved: dict[str, Any],
) -> None:
    services = compose_resolved["services"]
    config_dir = AsteriskServer._meta.get_field("config_dir").get_default()
    queue_log_dir = str(Path(AsteriskServer._meta.get_field("queue_log_path").get_default()).parent)
    recordings_dir = "/var/spool/asterisk/monitor"
    asterisk = mounts(services["asterisk"])
    # Asterisk reads the rendered config, writes queue_log and recordings.
    assert asterisk[config_dir] == ("asterisk-config", True)
    assert asterisk[queue_log_dir] == ("asterisk-logs", False)
    assert asterisk[recordings_dir] == ("recordings", False)
    # web (the admin's apply) and worker (tasks) render the config where the AsteriskServer row says.
    for name in ("web", "worker"):
        assert mounts(services[name])[config_dir] == ("asterisk-config", False), name
    # web serves recordings at the path Asterisk wrote (read-only); the worker's retention deletes them.
    assert mounts(services["web"])[recordings_dir] == ("recordings", True)
    assert mounts(services["worker"])[recordings_dir] == ("recordings", False)
    # The queue_log loader runs in the worker and only reads.
    assert mounts(services["worker"])[queue_log_dir] == ("asterisk-logs", True)
    for volume in ("asterisk-config", "asterisk-logs", "recordings"):
        assert volume in compose_resolved["volumes"]


def test_databases_keep_their_data_in_named_volumes(compose_resolved: dict[str, Any]) -> None:
    services = compose_resolved["services"]
    assert mounts(services["postgres"])["/var/lib/postgresql/data"] == ("pgdata", False)
    assert mounts(services["redis"])["/data"] == ("redisdata", False)
    assert {"pgdata", "redisdata"} <= set(compose_resolved["volumes"])


def test_the_proxy_serves_the_static_files_the_migration_collects(compose_resolved: dict[str, Any]) -> None:
    services = compose_resolved["services"]
    assert mounts(services["migrate"])["/var/lib/callcenter/staticfiles"] == ("static", False)
    assert mounts(services["proxy"])["/srv/static"] == ("static", True)
    template = (DOCKER_DIR / "nginx" / "templates" / "default.conf.template").read_text()
    assert "alias /srv/static/;" in template
    assert "proxy_pass http://callcenter_web;" in template


def test_app_services_run_as_a_non_root_user(compose_resolved: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        service = compose_resolved["services"][name]
        assert service["build"]["dockerfile"] == "docker/app/Dockerfile", name
        user = str(service["user"]).split(":")[0]
        assert user not in {"", "0", "root"}, f"{name} runs as {user!r}"
    dockerfile = (DOCKER_DIR / "app" / "Dockerfile").read_text()
    last_user = re.findall(r"^USER\s+(\S+)", dockerfile, flags=re.MULTILINE)[-1]
    assert last_user.split(":")[0] not in {"root", "0"}


def test_no_secret_is_written_in_the_compose_file(compose_raw: dict[str, Any]) -> None:
    for name, service in compose_raw["services"].items():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key):
                assert REQUIRED_REFERENCE.fullmatch(str(value)), f"{name}.{key} must be a required ${{VAR:?}}"
            credentials = URL_CREDENTIALS.fullmatch(str(value))
            if credentials:
                password = credentials.group("password")
                assert REQUIRED_REFERENCE.fullmatch(password), f"{name}.{key} carries a literal password"


def test_the_example_env_file_holds_no_secret(env_example: dict[str, str]) -> None:
    for key, value in env_example.items():
        if SECRET_NAME.search(key) and key != "ASTERISK_SHA256":
            assert value == "", f"{key} must be left empty in .env.example"


def test_every_variable_is_documented_in_the_example_env_file(env_example: dict[str, str]) -> None:
    text = COMPOSE_FILE.read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", text))
    assert used, "the compose file uses no variable at all"
    assert used - env_example.keys() == set()
    # and nothing documented is stale (COMPOSE_PROJECT_NAME is read by compose itself)
    assert env_example.keys() - used == {"COMPOSE_PROJECT_NAME"}


@pytest.mark.parametrize("secret", ["SECRET_KEY", "POSTGRES_PASSWORD", "AMI_SECRET"])
def test_compose_refuses_to_start_without_a_required_secret(tmp_path: Path, secret: str) -> None:
    env = env_example_values()
    lines = [f"{key}={value or 'placeholder'}" for key, value in env.items() if key != secret]
    env_file = tmp_path / "compose.env"
    env_file.write_text("\n".join(lines) + "\n")
    result = subprocess.run(
        [*compose_command(), "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert f"set {secret} in docker/.env" in result.stderr + result.stdout


def test_the_deployments_secrets_cannot_be_committed() -> None:
    paths = ["docker/.env", "docker/tls/privkey.pem", "docker/acme/token"]
    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths], capture_output=True, text=True, cwd=DOCKER_DIR.parent
    )
    assert result.stdout.split() == paths


def test_the_proxy_template_gets_exactly_its_variables(compose_resolved: dict[str, Any]) -> None:
    # The nginx image runs envsubst on the template with the variables set for the service: every ${VAR}
    # must be set, and no nginx $variable may share a name with one (it would be replaced too).
    template = (DOCKER_DIR / "nginx" / "templates" / "default.conf.template").read_text()
    environment = compose_resolved["services"]["proxy"]["environment"]
    substituted = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", template))
    nginx_variables = set(re.findall(r"\$([a-z_][a-z0-9_]*)", template))
    assert substituted == set(environment)
    assert nginx_variables.isdisjoint(environment)
    assert {"host", "http_upgrade", "connection_upgrade"} <= nginx_variables
