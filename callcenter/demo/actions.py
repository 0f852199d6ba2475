"""Seeds the demo center idempotently: queues, agents, teams, pause reasons, users and the simulator node."""

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
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.models import AsteriskServer, Destination, InboundRoute, Queue, Schedule, ScheduleRule

DEMO_USERS: tuple[tuple[str, str, str, str], ...] = (
    ("admin", Role.ADMIN, "Anna", "Admin"),
    ("supervisor", Role.SUPERVISOR, "Сергей", "Смирнов"),
    ("manager", Role.MANAGER, "Maria", "Manager"),
    ("payroll", Role.PAYROLL, "Ольга", "Бухгалтер"),
    ("agent", Role.AGENT, "Иван", "Петров"),
)

# (extension, payroll number, display name, team)
DEMO_AGENTS: tuple[tuple[str, str, str, str], ...] = (
    ("1001", "00101", "Иван Петров", "Team A"),
    ("1002", "00102", "Anna Smith", "Team A"),
    ("1003", "00103", "Мария Иванова", "Team A"),
    ("1004", "00104", "John Brown", "Team A"),
    ("1005", "00105", "Алексей Соколов", "Team A"),
    ("1006", "00106", "Emily Davis", "Team B"),
    ("1007", "00107", "Дмитрий Кузнецов", "Team B"),
    ("1008", "00108", "Olga Novak", "Team B"),
    ("1009", "00109", "Наталья Попова", "Team B"),
    ("1010", "00110", "Peter Wilson", "Team B"),
)

# queue -> (strategy, service level, ring timeout, members with penalty)
DEMO_QUEUES: dict[str, tuple[str, int, int, dict[str, int]]] = {
    "support": ("rrmemory", 20, 15, {"1001": 0, "1002": 0, "1003": 0, "1004": 0, "1005": 1, "1006": 1}),
    "sales": ("leastrecent", 30, 25, {"1005": 0, "1006": 0, "1007": 0, "1008": 0, "1009": 0, "1010": 0}),
    "vip": ("ringall", 10, 15, {"1001": 0, "1002": 0, "1009": 0, "1010": 0}),
}

DEMO_PAUSE_REASONS: tuple[tuple[str, str, bool, int | None], ...] = (
    ("lunch", "Обед / Lunch", False, 60),
    ("training", "Обучение / Training", True, None),
    ("break", "Перерыв / Break", True, 15),
)


@dataclass(frozen=True)
class DemoLogin:
    """A demo user name and its password, printed by `make demo`."""

    username: str
    password: str
    role: str


def demo_password(username: str) -> str:
    return f"{username}-demo-2026"


def _upsert(actor: Any, save: Any, model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """Create or update one object through the app's actions, writing only when something differs."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        return save(actor, instance)
    if any(getattr(instance, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(instance, key, value)
        return save(actor, instance)
    return instance


def seed_demo_center(*, ami_port: int = 5038, node_dir: Path | None = None) -> list[DemoLogin]:
    """Create or refresh the demo center; running it twice changes nothing the second time."""
    actor = None  # the system
    # The simulator stands in for the demo node: its configuration and queue_log live under var/.
    node_dir = (node_dir or Path(settings.VAR_DIR) / "demo-node").resolve()
    with transaction.atomic():
        server = AsteriskServer.objects.filter(name="demo").first()
        _upsert(
            actor,
            pbx_actions.save,
            AsteriskServer,
            {"name": "demo"},
            {
                "ami_host": "127.0.0.1",
                "ami_port": ami_port,
                "ami_username": "ccadmin",
                "ami_secret": server.ami_secret
                if server and server.ami_secret
                else secrets.token_urlsafe(18),
                "queue_log_path": str(node_dir / "log" / "queue_log"),
                "config_dir": str(node_dir / "etc"),
            },
        )
        schedule = _upsert(
            actor, pbx_actions.save, Schedule, {"name": "business-hours"}, {"time_zone": "Europe/Moscow"}
        )
        for weekday in range(5):
            _upsert(
                actor,
                pbx_actions.save,
                ScheduleRule,
                {"schedule": schedule, "weekday": weekday},
                {"opens": time(8, 0), "closes": time(20, 0)},
            )
        queues: dict[str, Queue] = {}
        for name, (strategy, service_level, ring_timeout, _members) in DEMO_QUEUES.items():
            queues[name] = _upsert(
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
        _upsert(
            actor,
            pbx_actions.save,
            InboundRoute,
            {"did": "74950000001"},
            {
                "name": "Main line",
                "destination": Destination.QUEUE,
                "queue": queues["support"],
                "schedule": schedule,
            },
        )
        _upsert(
            actor,
            pbx_actions.save,
            InboundRoute,
            {"did": "74950000002"},
            {
                "name": "Sales line",
                "destination": Destination.QUEUE,
                "queue": queues["sales"],
                "schedule": schedule,
            },
        )
        for code, label, paid, max_minutes in DEMO_PAUSE_REASONS:
            _upsert(
                actor,
                agent_actions.save,
                PauseReason,
                {"code": code},
                {"label": label, "paid": paid, "max_minutes": max_minutes},
            )

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

        teams: dict[str, Team] = {}
        for team_name in ("Team A", "Team B"):
            teams[team_name] = _upsert(actor, agent_actions.save, Team, {"name": team_name}, {})
        teams["Team A"].supervisors.add(users["supervisor"])
        teams["Team A"].queues.add(queues["support"], queues["vip"])
        teams["Team B"].queues.add(queues["sales"])

        agents: dict[str, Agent] = {}
        for extension, payroll_number, display_name, team_name in DEMO_AGENTS:
            agents[extension] = _upsert(
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
                _upsert(
                    actor,
                    agent_actions.save,
                    QueueMembership,
                    {"agent": agents[extension], "queue": queues[queue_name]},
                    # Dynamic, as in a real center: the agents log in (the demo logs them in at its start).
                    {"penalty": penalty, "static": False},
                )
        # A draft outbound campaign on the support queue (the demo agent user works it), open around the clock so the demo dials at any hour.
        from callcenter.dialer import actions as dialer_actions
        from callcenter.dialer.models import Campaign, Mode

        all_day = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        campaign = Campaign.objects.filter(name="demo-outbound").first()
        if campaign is None:
            campaign = dialer_actions.save(
                actor,
                Campaign(
                    name="demo-outbound",
                    mode=Mode.PROGRESSIVE,
                    queue=queues["support"],
                    caller_id="74950000002",
                    call_windows=all_day,
                ),
            )
        record(actor, "seed_demo", object_type="demo", object_repr="demo center")
    return logins
