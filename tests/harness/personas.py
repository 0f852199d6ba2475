"""Named personas: a user per role, signed-in API and web clients, and the two-team center most tests use.

The fixtures of tests/conftest.py hand these out; a test that needs one more person of a role calls the
builder with another username."""

from __future__ import annotations

from typing import Any, TypedDict

from django.test import Client
from rest_framework.test import APIClient

from callcenter.accounts.models import Role, User
from callcenter.agents.models import Agent, Team
from callcenter.pbx.models import Queue
from tests.factories import AgentFactory, QueueFactory, QueueMembershipFactory, TeamFactory, UserFactory


def person(username: str, role: str, **fields: Any) -> User:
    """A user of that role (the same one again for the same username)."""
    user: User = UserFactory.create(username=username, role=role, **fields)
    return user


def admin(username: str = "alice", **fields: Any) -> User:
    """Alice the administrator (staff: she may use the admin site)."""
    return person(username, Role.ADMIN, is_staff=True, **fields)


def manager(username: str = "max", **fields: Any) -> User:
    """Max the manager."""
    return person(username, Role.MANAGER, **fields)


def payroll(username: str = "polina", **fields: Any) -> User:
    """Polina from payroll."""
    return person(username, Role.PAYROLL, **fields)


def supervisor(username: str = "sam", **fields: Any) -> User:
    """Sam the supervisor (of no team until one adds him)."""
    return person(username, Role.SUPERVISOR, **fields)


def agent_user(username: str = "ivan", **fields: Any) -> User:
    """Ivan's sign-in as an agent."""
    return person(username, Role.AGENT, **fields)


def api_client(user: User) -> APIClient:
    """A REST API client signed in as ``user``."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def web_client(user: User) -> Client:
    """A browser of its own (Django's test client) signed in to the site as ``user``, without the sign-in
    form: for tests of pages, not of signing in (``tests/harness/sign_in.py``)."""
    client = Client()
    client.force_login(user)
    return client


class Center(TypedDict):
    sam: User
    tina: User
    north: Team
    south: Team
    support: Queue
    sales: Queue
    agent_user: User
    ivan: Agent
    anna: Agent
    olga: Agent
    petr: Agent


def center() -> Center:
    """Two teams, each with a supervisor, a queue and two agents; Sam supervises team North only, and Ivan
    (extension 1001, team North) signs in as ``agent_user``."""
    sam, tina = supervisor("sam"), supervisor("tina")
    north, south = TeamFactory.create(name="North"), TeamFactory.create(name="South")
    north.supervisors.add(sam)
    south.supervisors.add(tina)
    support, sales = QueueFactory.create(name="support"), QueueFactory.create(name="sales")
    north.queues.add(support)
    south.queues.add(sales)
    ivan_user = agent_user("ivan")
    ivan = AgentFactory.create(extension="1001", member_name="Agent 1001", team=north, user=ivan_user)
    anna = AgentFactory.create(extension="1002", member_name="Agent 1002", team=north)
    olga = AgentFactory.create(extension="1201", member_name="Agent 1201", team=south)
    petr = AgentFactory.create(extension="1202", member_name="Agent 1202", team=south)
    for agent in (ivan, anna):
        QueueMembershipFactory.create(agent=agent, queue=support)
    for agent in (olga, petr):
        QueueMembershipFactory.create(agent=agent, queue=sales)
    return Center(
        sam=sam,
        tina=tina,
        north=north,
        south=south,
        support=support,
        sales=sales,
        agent_user=ivan_user,
        ivan=ivan,
        anna=anna,
        olga=olga,
        petr=petr,
    )
