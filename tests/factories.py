"""Factories and named personas for tests (no fixture files)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from callcenter.accounts.models import Role, User
from callcenter.agents.models import Agent, PauseReason, QueueMembership, Team
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.stats.models import Callback
from callcenter.wallboard.models import Contact, ContactTier


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
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


class CallbackFactory(factory.django.DjangoModelFactory[Callback]):
    """An open entry of the callback list: a caller who asked to be called back a minute ago."""

    class Meta:
        model = Callback

    number = factory.Sequence(lambda n: f"+7916111{n:04d}")
    kind = "request"
    queue = "support"
    caller = factory.LazyAttribute(lambda entry: entry.number.lstrip("+"))
    server = "pbx1"
    request_callid = factory.Sequence(lambda n: f"1795424400.{n}")
    last_callid = factory.LazyAttribute(lambda entry: entry.request_callid)
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
    last_call_at = factory.LazyAttribute(lambda entry: entry.requested_at)


class ContactFactory(factory.django.DjangoModelFactory[Contact]):
    class Meta:
        model = Contact
        django_get_or_create = ("phone",)

    phone = factory.Sequence(lambda n: f"+7495123{n:04d}")
    name = factory.Sequence(lambda n: f"Customer {n}")


class ContactTierFactory(factory.django.DjangoModelFactory[ContactTier]):
    class Meta:
        model = ContactTier

    code = factory.Sequence(lambda n: f"tier{n}")
    name = factory.Sequence(lambda n: f"Tier {n}")
    priority = 10
