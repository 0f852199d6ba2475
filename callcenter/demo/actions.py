"""Seeds the demo center idempotently: queues, agents, teams, pause reasons, users and the simulator node, then
the past week of simulated traffic with its recordings and a few QA evaluations."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from callcenter.accounts.models import Role, User
from callcenter.agents import actions as agent_actions
from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
from callcenter.audit.actions import record
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.models import AsteriskServer, Destination, InboundRoute, Queue, Schedule, ScheduleRule
from callcenter.quality.models import Evaluation, EvaluationForm, FormSection, Question, Recording

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

# The queues the history records (seed_demo_history): each call an agent takes there gets a recording.
DEMO_RECORDED_QUEUES = frozenset({"vip"})

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


# --- the past week: traffic, recordings and QA evaluations ------------------------------------------------

DEMO_TIME_ZONE = "Europe/Moscow"
# Agents on duty at weekends: between them every queue is staffed.
DEMO_WEEKEND_EXTENSIONS = frozenset({"1001", "1002", "1005", "1006", "1009", "1010"})
DEMO_TRANSFERS = {"support": "sales", "sales": "support"}
# Half the callers ring the main line, a third the sales line, the rest are VIP customers.
DEMO_QUEUE_WEIGHTS = {"support": 0.5, "sales": 0.35, "vip": 0.15}
DEMO_QA_FORM = "Demo call review"
# (section, ((question, kind, weight, fatal), ...))
DEMO_QA_QUESTIONS: tuple[tuple[str, tuple[tuple[str, str, int, bool], ...]], ...] = (
    (
        "Opening",
        (
            ("Greeted the caller and gave their name", "yesno", 1, False),
            ("Verified the caller's identity", "yesno", 2, True),
        ),
    ),
    (
        "Resolution",
        (
            ("Understood the request", "scale", 3, False),
            ("Gave a correct and complete answer", "scale", 4, False),
            ("Closed the call politely", "yesno", 1, False),
        ),
    ),
)
DEMO_EVALUATIONS = 6


@dataclass(frozen=True)
class DemoHistory:
    """What one run of ``seed_demo_history`` did (all zeros but ``loaded`` when the history was there)."""

    start: datetime
    end: datetime
    lines_written: int
    calls_written: int
    recordings_written: int
    lines_loaded: int
    recordings_imported: int
    evaluations_created: int


def history_present(server: str, queue_log: Path, start: datetime) -> bool:
    """Whether the node already has the past week: its queue_log begins that long ago, or lines that old
    were loaded (a queue_log that began with live lines before the history was appended)."""
    from callcenter.stats.models import QueueLogLine

    cutoff = start + timedelta(days=1)
    if queue_log.exists():
        with queue_log.open("rb") as file:
            first = file.readline().split(b"|", 1)[0]
        if first.isdigit() and int(first) < cutoff.timestamp():
            return True
    return QueueLogLine.objects.filter(server=server, time__lt=cutoff).exists()


def seed_demo_history(
    *, now: datetime | None = None, days: int = 7, calls_per_hour: float = 200.0, seed: int = 1
) -> DemoHistory:
    """Lay down the past ``days`` days and today's morning of simulated traffic, then load it as production does.

    The simulator's lines go to the demo node's queue_log (once: a queue_log that already begins with the
    history is left as it is), each recorded call's audio under the node's recordings directory; then the
    statistics loader reads the file (exactly once per line), the quality import makes the recordings, and
    the demo supervisor scores a few of them on the demo QA form.
    """
    from callcenter.demo import audio
    from callcenter.demo.runner import prepare_demo_node
    from callcenter.quality import actions as quality_actions
    from callcenter.simulator.config import load_queues
    from callcenter.simulator.history import HistoryOptions, HistoryResult, write_history
    from callcenter.simulator.queue_log import QueueLogWriter
    from callcenter.stats import actions as stats_actions

    zone = ZoneInfo(DEMO_TIME_ZONE)
    end = now or timezone.now()
    start = datetime.combine(end.astimezone(zone).date() - timedelta(days=days), time(0), tzinfo=zone)
    server = _prepare_recording()
    node = prepare_demo_node(server.name)
    result = HistoryResult()
    if not history_present(server.name, node.queue_log, start):
        members = list(node.logins)
        weekend = {
            agent.effective_interface
            for agent in Agent.objects.filter(extension__in=DEMO_WEEKEND_EXTENSIONS, active=True)
        }
        queues = Queue.objects.all()
        options = HistoryOptions(
            timezone=DEMO_TIME_ZONE,
            calls_per_hour=calls_per_hour,
            queue_weights=dict(DEMO_QUEUE_WEIGHTS),
            weekend_interfaces=frozenset(weekend),
            transfer_targets=dict(DEMO_TRANSFERS),
            callback_queues=frozenset(q.name for q in queues if q.callback_enabled),
            recorded_queues=frozenset(q.name for q in queues if q.recording == Queue.Recording.ALL),
            recordings_dir=Path(server.recordings_dir),
        )
        writer = QueueLogWriter(node.queue_log)
        writer.open()
        try:
            result = write_history(
                load_queues(node.config_dir),
                members,
                writer,
                start=start,
                end=end,
                options=options,
                seed=seed,
            )
        finally:
            writer.close()
        clips = audio.clips(Path(server.recordings_dir) / ".demo-clips")
        for index, recorded in enumerate(result.recordings):
            audio.place(recorded.path, clips[index % len(clips)])
    loaded = stats_actions.load_server(server.pk)
    imported = quality_actions.import_recordings(server.name)
    evaluations = seed_demo_evaluations()
    return DemoHistory(
        start=start,
        end=end,
        lines_written=result.lines,
        calls_written=result.calls,
        recordings_written=len(result.recordings),
        lines_loaded=loaded.loaded if loaded else 0,
        recordings_imported=imported.imported,
        evaluations_created=evaluations,
    )


def _prepare_recording() -> AsteriskServer:
    """Record the demo's recorded queues, into a directory beside the demo node's queue_log."""
    server: AsteriskServer = AsteriskServer.objects.get(name="demo")
    recordings = str(Path(server.queue_log_path).parent.parent / "recordings")
    server = _upsert(None, pbx_actions.save, AsteriskServer, {"name": "demo"}, {"recordings_dir": recordings})
    for queue in Queue.objects.filter(name__in=DEMO_RECORDED_QUEUES):
        _upsert(None, pbx_actions.save, Queue, {"pk": queue.pk}, {"recording": Queue.Recording.ALL})
    return server


def demo_qa_form(actor: User) -> EvaluationForm:
    """The demo QA form, created with its sections and questions by ``actor`` the first time."""
    from callcenter.quality import actions as quality_actions

    form = EvaluationForm.objects.filter(name=DEMO_QA_FORM).first()
    if form is not None:
        return form
    form = quality_actions.save(
        actor, EvaluationForm(name=DEMO_QA_FORM, description="The demo center's review of a recorded call.")
    )
    for position, (title, questions) in enumerate(DEMO_QA_QUESTIONS):
        section = quality_actions.save(actor, FormSection(form=form, title=title, position=position))
        for order, (text, kind, weight, fatal) in enumerate(questions):
            quality_actions.save(
                actor,
                Question(section=section, text=text, kind=kind, weight=weight, fatal=fatal, position=order),
            )
    return form


def seed_demo_evaluations(count: int = DEMO_EVALUATIONS, *, seed: int = 1) -> int:
    """The demo supervisor scores ``count`` recorded calls of their team on the demo QA form (once)."""
    from callcenter.quality import actions as quality_actions

    supervisor = User.objects.get(username="supervisor")
    form = demo_qa_form(supervisor)
    missing = count - Evaluation.objects.filter(form=form).count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo answers, not security
    questions = quality_actions.questions_of(form)
    evaluated = Evaluation.objects.filter(form=form).values("recording_id")
    candidates = (
        Recording.objects.visible_to(supervisor)
        .filter(status=Recording.Status.OK)
        .exclude(pk__in=evaluated)
        .order_by("-started_at")
    )
    created = 0
    for recording in candidates[: missing * 3 : 3]:
        evaluation = quality_actions.start_evaluation(supervisor, recording, form)
        answers = {
            question.pk: question.max_value if rng.random() < 0.8 else rng.randrange(question.max_value + 1)
            for question in questions
        }
        quality_actions.save_evaluation(
            supervisor, evaluation, answers, comment="Reviewed for the weekly QA round.", close=True
        )
        created += 1
    return created
