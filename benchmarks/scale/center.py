"""The benchmark's call center in its database: servers, queues, teams, agents and memberships per node."""

from __future__ import annotations

import argparse
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.sessions import admin_session_cookie

AMI_USER = "scalebench"
PROBES_PER_NODE = 2
PROBE_EXTENSION = 900  # probe agents are <node>900, <node>901, ...
STRATEGIES = ("rrmemory", "leastrecent", "fewestcalls", "linear")
ADMIN_USERNAME = "scale-bench"


@dataclass(frozen=True)
class NodeSpec:
    """One simulated node: what the simulator process needs to stand in for its Asterisk."""

    name: str
    port: int
    secret: str
    config_dir: str
    queue_log: str
    seed: int
    probe_queue: str
    probe_interfaces: tuple[str, ...]
    calls_per_hour: float
    varset: bool


def server_name(node: int) -> str:
    return f"scale{node:02d}"


def extension(node: int, number: int) -> str:
    return str(10000 + node * 1000 + number)


def _upsert(save: Any, model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create or update one object through the app's actions (validated, audited) when it differs."""
    instance = model._default_manager.filter(**lookup).first() or model(**lookup)
    if instance.pk is None or any(getattr(instance, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(instance, key, value)
        instance = save(None, instance)
    return instance


def prepare_center(args: argparse.Namespace, workdir: Path, ports: list[int]) -> tuple[list[NodeSpec], str]:
    """Bring the benchmark's servers, queues, teams, agents and memberships to what ``args`` asks for,
    render each node's configuration, and sign in an administrator. Returns the nodes and the cookie.

    Rows are updated, never deleted: statistics loaded by earlier runs refer to the agents and queues.
    What a smaller run does not use is switched off instead (agents inactive, queues on a disabled
    spare server, servers disabled).
    """
    from django.db import transaction

    from benchmarks.database import prepare
    from callcenter.agents import actions as agent_actions
    from callcenter.agents.models import Agent, QueueMembership, Team
    from callcenter.pbx import actions as pbx_actions
    from callcenter.pbx.models import AsteriskServer, PhoneAccount, Queue

    prepare()
    secret = secrets.token_urlsafe(18)
    started = time.perf_counter()
    node_names = [server_name(node) for node in range(1, args.nodes + 1)]
    with transaction.atomic():
        # A secret stored under another SECRET_KEY cannot be read back; every run sets its own anyway.
        AsteriskServer.objects.filter(name__startswith="scale").update(ami_secret="")
        AsteriskServer.objects.exclude(name__in=node_names).update(enabled=False)
        try:
            list(PhoneAccount.objects.values_list("secret", flat=True))
        except ValueError:
            PhoneAccount.objects.update(secret=secrets.token_urlsafe(18))
        spare = _upsert(
            pbx_actions.save,
            AsteriskServer,
            {"name": "scalespare"},
            {"ami_username": AMI_USER, "ami_secret": secret, "enabled": False},
        )
        QueueMembership.objects.filter(queue__name__startswith="scale").delete()
        wanted_queues: set[str] = set()
        wanted_agents: set[str] = set()
        specs: list[NodeSpec] = []
        for node, name in enumerate(node_names, start=1):
            node_dir = workdir / name
            server = _upsert(
                pbx_actions.save,
                AsteriskServer,
                {"name": name},
                {
                    "ami_host": "127.0.0.1",
                    "ami_port": ports[node - 1],
                    "ami_username": AMI_USER,
                    "ami_secret": secret,
                    "ami_secret_env": "",
                    "queue_log_path": str(node_dir / "log" / "queue_log"),
                    "config_dir": str(node_dir / "etc"),
                    "sip_port": 5060 + 2 * node,
                    "enabled": True,
                },
            )
            team = _upsert(agent_actions.save, Team, {"name": f"Scale {node:02d}"}, {})
            queues = [
                _upsert(
                    pbx_actions.save,
                    Queue,
                    {"name": f"{name}q{index}"},
                    {
                        "server": server,
                        "strategy": STRATEGIES[index % len(STRATEGIES)],
                        "timeout": 15,
                        "wrapuptime": 5,
                        "service_level": 20,
                    },
                )
                for index in range(args.queues)
            ]
            probe_queue = _upsert(
                pbx_actions.save,
                Queue,
                {"name": f"{name}probe"},
                {"server": server, "strategy": "rrmemory", "timeout": 15},
            )
            wanted_queues.update(queue.name for queue in [*queues, probe_queue])
            team.queues.set([*queues, probe_queue])
            numbers = [*range(args.agents), *range(PROBE_EXTENSION, PROBE_EXTENSION + PROBES_PER_NODE)]
            payroll = {f"SCALE{node:02d}{number:03d}": number for number in numbers}
            wanted_agents.update(payroll)
            have = set(
                Agent.objects.filter(payroll_number__in=payroll).values_list("payroll_number", flat=True)
            )
            Agent.objects.bulk_create(
                Agent(
                    display_name=f"Agent {extension(node, number)}",
                    payroll_number=code,
                    extension=extension(node, number),
                    member_name=f"Agent {extension(node, number)}",
                    team=team,
                )
                for code, number in payroll.items()
                if code not in have
            )
            Agent.objects.filter(payroll_number__in=payroll).update(active=True, team=team, interface="")
            by_number = {
                payroll[agent.payroll_number]: agent
                for agent in Agent.objects.filter(payroll_number__in=payroll)
            }
            # Static members (queues.conf): the simulator's members are the ones configured there; dynamic
            # members would log in over AMI at the start of a shift.
            memberships = []
            for number in range(args.agents):
                # Each agent works one queue; every fifth also backs up the next one at penalty 1.
                agent = by_number[number]
                memberships.append(
                    QueueMembership(agent=agent, queue=queues[number % len(queues)], penalty=0, static=True)
                )
                if number % 5 == 0 and len(queues) > 1:
                    backup = queues[(number + 1) % len(queues)]
                    memberships.append(QueueMembership(agent=agent, queue=backup, penalty=1, static=True))
            probe_agents = [by_number[number] for number in numbers[args.agents :]]
            memberships += [
                QueueMembership(agent=agent, queue=probe_queue, static=True) for agent in probe_agents
            ]
            QueueMembership.objects.bulk_create(memberships)
            specs.append(
                NodeSpec(
                    name=server.name,
                    port=server.ami_port,
                    secret=secret,
                    config_dir=str(node_dir / "etc" / "live"),
                    queue_log=server.queue_log_path,
                    seed=node,
                    probe_queue=probe_queue.name,
                    probe_interfaces=tuple(agent.effective_interface for agent in probe_agents),
                    calls_per_hour=args.rate,
                    varset=args.varset,
                )
            )
        # What this run does not use: off the nodes and off the boards.
        Queue.objects.filter(name__startswith="scale").exclude(name__in=wanted_queues).update(server=spare)
        Agent.objects.filter(payroll_number__startswith="SCALE").exclude(
            payroll_number__in=wanted_agents
        ).update(active=False)
    seeded = time.perf_counter() - started
    for spec in specs:
        server = AsteriskServer.objects.get(name=spec.name)
        pbx_actions.bootstrap_configuration(None, server)
        Path(spec.queue_log).parent.mkdir(parents=True, exist_ok=True)
    print(
        f"center: {len(specs)} nodes, {args.agents} agents + {PROBES_PER_NODE} probe agents each, "
        f"{args.queues} queues each; seeded in {seeded:.1f} s, rendered in "
        f"{time.perf_counter() - started - seeded:.1f} s",
        flush=True,
    )
    return specs, admin_session_cookie(ADMIN_USERNAME)
