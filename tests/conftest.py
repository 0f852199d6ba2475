"""Shared test fixtures: named personas and the recorded Asterisk 22 files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from django.utils import translation

from callcenter.accounts.models import Role
from tests.ami.amiserver import AMITestServer, empty_list
from tests.factories import AgentFactory, QueueFactory, QueueMembershipFactory, TeamFactory, UserFactory
from tests.fixtures import ASTERISK_22


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Russian leaves Russian active in the thread (LocaleMiddleware activates, nothing
    deactivates); the next test starts in the default language again."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hash test passwords with MD5: the default PBKDF2 would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def asterisk_fixtures() -> Path:
    """The recorded Asterisk 22 transcripts, queue_log and CDR files (never modified by tests)."""
    return ASTERISK_22


@pytest.fixture
async def ami_server() -> AsyncIterator[AMITestServer]:
    """An AMI test server for an idle node: QueueStatus and CoreShowChannels answer with empty lists."""
    server = AMITestServer()
    await server.start()
    server.handlers["QueueStatus"] = lambda conn, msg: empty_list(msg.action_id, "QueueStatusComplete")
    server.handlers["CoreShowChannels"] = lambda conn, msg: empty_list(
        msg.action_id, "CoreShowChannelsComplete"
    )
    yield server
    await server.stop()


@pytest.fixture
def admin_user(db):
    """Alice the administrator."""
    return UserFactory(username="alice", role=Role.ADMIN, is_staff=True)


@pytest.fixture
def manager_user(db):
    """Max the manager."""
    return UserFactory(username="max", role=Role.MANAGER)


@pytest.fixture
def payroll_user(db):
    """Polina from payroll."""
    return UserFactory(username="polina", role=Role.PAYROLL)


@pytest.fixture
def center(db):
    """Two teams, each with a supervisor, a queue and two agents; Sam supervises team North only."""
    sam = UserFactory(username="sam", role=Role.SUPERVISOR)
    tina = UserFactory(username="tina", role=Role.SUPERVISOR)
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    north.supervisors.add(sam)
    south.supervisors.add(tina)
    support, sales = QueueFactory(name="support"), QueueFactory(name="sales")
    north.queues.add(support)
    south.queues.add(sales)
    agent_user = UserFactory(username="ivan", role=Role.AGENT)
    ivan = AgentFactory(extension="1001", member_name="Agent 1001", team=north, user=agent_user)
    anna = AgentFactory(extension="1002", member_name="Agent 1002", team=north)
    olga = AgentFactory(extension="1201", member_name="Agent 1201", team=south)
    petr = AgentFactory(extension="1202", member_name="Agent 1202", team=south)
    for agent in (ivan, anna):
        QueueMembershipFactory(agent=agent, queue=support)
    for agent in (olga, petr):
        QueueMembershipFactory(agent=agent, queue=sales)
    return {
        "sam": sam,
        "tina": tina,
        "north": north,
        "south": south,
        "support": support,
        "sales": sales,
        "agent_user": agent_user,
        "ivan": ivan,
        "anna": anna,
        "olga": olga,
        "petr": petr,
    }
