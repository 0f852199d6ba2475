"""Seeds the demo center idempotently: the simulator node, business hours, queues and inbound routes, pause
reasons, users, teams, agents and their memberships, and a draft outbound campaign."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from callcenter.accounts.models import Role, User
from callcenter.agents import actions as agent_actions
from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
from callcenter.audit.actions import record
from callcenter.demo.actions.catalog import DEMO_AGENTS, DEMO_PAUSE_REASONS, DEMO_QUEUES, DEMO_USERS
from callcenter.demo.actions.upsert import upsert
from callcenter.dialer import actions as dialer_actions
from callcenter.dialer.models import Campaign, Mode
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.models import AsteriskServer, Destination, InboundRoute, Queue, Schedule, ScheduleRule


@dataclass(frozen=True)
class DemoLogin:
    """A demo user name and its password, printed by `make demo`."""

    username: str
    password: str
    role: str


def demo_password(username: str) -> str:
    return f"{username}-demo-2026"


def _seed_node(actor: Any, ami_port: int, node_dir: Path) -> None:
    server = AsteriskServer.objects.filter(name="demo").first()
    upsert(
        actor,
        pbx_actions.save,
        AsteriskServer,
        {"name": "demo"},
        {
            "ami_host": "127.0.0.1",
            "ami_port": ami_port,
            "ami_username": "ccadmin",
            "ami_secret": server.ami_secret if server and server.ami_secret else secrets.token_urlsafe(18),
            "queue_log_path": str(node_dir / "log" / "queue_log"),
            "config_dir": str(node_dir / "etc"),
        },
    )


def _seed_routing(actor: Any) -> dict[str, Queue]:
    """Business hours, the queues and the two inbound lines."""
    schedule = upsert(
        actor, pbx_actions.save, Schedule, {"name": "business-hours"}, {"time_zone": "Europe/Moscow"}
    )
    for weekday in range(5):
        upsert(
            actor,
            pbx_actions.save,
            ScheduleRule,
            {"schedule": schedule, "weekday": weekday},
            {"opens": time(8, 0), "closes": time(20, 0)},
        )
    queues: dict[str, Queue] = {}
    for name, (strategy, service_level, ring_timeout, _members) in DEMO_QUEUES.items():
        queues[name] = upsert(
            actor,
            pbx_actions.save,
            Queue,
            {"name": name},
            {
                "strategy": strategy,
                "service_level": service_level,
                "timeout": ring_timeout,
                "survey_enabled": name == "support",
                "callback_enabled": name == "support",
            },
        )
    for did, name, queue in (("74950000001", "Main line", "support"), ("74950000002", "Sales line", "sales")):
        upsert(
            actor,
            pbx_actions.save,
            InboundRoute,
            {"did": did},
            {"name": name, "destination": Destination.QUEUE, "queue": queues[queue], "schedule": schedule},
        )
    return queues


def _seed_users() -> tuple[dict[str, User], list[DemoLogin]]:
    logins: list[DemoLogin] = []
    users: dict[str, User] = {}
    for username, role, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.role = role
        user.first_name, user.last_name = first, last
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.phone_extension = "900" if role == Role.SUPERVISOR else ""
        password = demo_password(username)
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        users[username] = user
        logins.append(DemoLogin(username, password, role))
    return users, logins


def _seed_staff(actor: Any, users: dict[str, User], queues: dict[str, Queue]) -> None:
    """Pause reasons, the two teams, the agents and their (dynamic) queue memberships."""
    for code, label, paid, max_minutes in DEMO_PAUSE_REASONS:
        upsert(
            actor,
            agent_actions.save,
            PauseReason,
            {"code": code},
            {"label": label, "paid": paid, "max_minutes": max_minutes},
        )
    teams: dict[str, Team] = {}
    for team_name in ("Team A", "Team B"):
        teams[team_name] = upsert(actor, agent_actions.save, Team, {"name": team_name}, {})
    teams["Team A"].supervisors.add(users["supervisor"])
    teams["Team A"].queues.add(queues["support"], queues["vip"])
    teams["Team B"].queues.add(queues["sales"])
    agents: dict[str, Agent] = {}
    for extension, payroll_number, display_name, team_name in DEMO_AGENTS:
        agents[extension] = upsert(
            actor,
            agent_actions.save,
            Agent,
            {"payroll_number": payroll_number},
            {
                "display_name": display_name,
                "extension": extension,
                "member_name": f"Agent {extension}",
                "team": teams[team_name],
                "user": users["agent"] if extension == "1001" else None,
            },
        )
    for queue_name, (_s, _sl, _t, members) in DEMO_QUEUES.items():
        for extension, penalty in members.items():
            upsert(
                actor,
                agent_actions.save,
                QueueMembership,
                {"agent": agents[extension], "queue": queues[queue_name]},
                # Dynamic, as in a real center: the agents log in (the demo logs them in at its start).
                {"penalty": penalty, "static": False},
            )


def _seed_campaign(actor: Any, queue: Queue) -> None:
    """A draft outbound campaign on the support queue (the demo agent user works it), open around the
    clock so the demo dials at any hour."""
    if Campaign.objects.filter(name="demo-outbound").exists():
        return
    all_day = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    dialer_actions.save(
        actor,
        Campaign(
            name="demo-outbound",
            mode=Mode.PROGRESSIVE,
            queue=queue,
            caller_id="74950000002",
            call_windows=all_day,
        ),
    )


def seed_demo_center(*, ami_port: int = 5038, node_dir: Path | None = None) -> list[DemoLogin]:
    """Create or refresh the demo center; running it twice changes nothing the second time."""
    actor = None  # the system
    # The simulator stands in for the demo node: its configuration and queue_log live under var/.
    node_dir = (node_dir or Path(settings.VAR_DIR) / "demo-node").resolve()
    with transaction.atomic():
        _seed_node(actor, ami_port, node_dir)
        queues = _seed_routing(actor)
        users, logins = _seed_users()
        _seed_staff(actor, users, queues)
        _seed_campaign(actor, queues["support"])
        record(actor, "seed_demo", object_type="demo", object_repr="demo center")
    return logins
