"""Factories and named personas for tests (no fixture files)."""

from __future__ import annotations

import factory

from callcenter.accounts.models import Role, User
from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
from callcenter.pbx.models import AsteriskServer, Queue


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AsteriskServerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AsteriskServer
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"node{n}")
    ami_host = "127.0.0.1"
    ami_port = 5038
    ami_username = "ccadmin"
    ami_secret = "ccadmin-dummy-secret"


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"queue{n}")
    strategy = Queue.Strategy.RRMEMORY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent
        django_get_or_create = ("payroll_number",)

    # Namespaces of their own, so a factory agent never meets a demo agent (payroll 00101..., extension 10xx).
    payroll_number = factory.Sequence(lambda n: f"T{n:06d}")
    extension = factory.Sequence(lambda n: f"7{n:04d}")
    display_name = factory.Sequence(lambda n: f"Agent Person {n}")
    member_name = factory.LazyAttribute(lambda agent: f"Agent {agent.extension}")


class QueueMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QueueMembership

    agent = factory.SubFactory(AgentFactory)
    queue = factory.SubFactory(QueueFactory)
    penalty = 0


class PauseReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PauseReason
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"reason{n}")
    label = factory.Sequence(lambda n: f"Reason {n}")
    paid = False
