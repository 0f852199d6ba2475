"""``serializer_for``: a model serializer of every field but the timestamps and the ones left out."""

from __future__ import annotations

import pytest

from callcenter.agents.models import Agent, Team
from callcenter.core.api.fields import ModelSerializer
from callcenter.core.api.model_serializers import serializer_for
from callcenter.pbx.models import AsteriskServer
from tests.factories import AgentFactory, AsteriskServerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_it_is_a_project_model_serializer_named_after_the_model() -> None:
    serializer = serializer_for(Team)
    assert issubclass(serializer, ModelSerializer)
    assert serializer.__name__ == "TeamSerializer"


def test_the_timestamps_are_left_out() -> None:
    data = serializer_for(Team)(TeamFactory.create(name="North")).data
    assert data["name"] == "North"
    assert "created_at" not in data
    assert "updated_at" not in data


def test_an_excluded_field_is_left_out() -> None:
    agent: Agent = AgentFactory.create()
    assert "queues" in serializer_for(Agent)(agent).data
    assert "queues" not in serializer_for(Agent, exclude=("queues",))(agent).data


def test_a_write_only_field_is_never_shown() -> None:
    server = AsteriskServerFactory.create(ami_secret="s3cret")
    data = serializer_for(AsteriskServer, write_only=("ami_secret",))(server).data
    assert "ami_secret" not in data
    assert data["ami_username"] == "ccadmin"


def test_a_write_only_field_is_taken_as_sent() -> None:
    serializer = serializer_for(AsteriskServer, write_only=("ami_secret",))(
        AsteriskServerFactory.create(), data={"ami_secret": "  spaced secret \n"}, partial=True
    )
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["ami_secret"] == "  spaced secret \n"


def test_a_write_only_field_may_be_left_out_of_a_write() -> None:
    serializer = serializer_for(AsteriskServer, write_only=("ami_secret",))(
        AsteriskServerFactory.create(), data={"ami_username": "other"}, partial=True
    )
    assert serializer.is_valid(), serializer.errors
    assert "ami_secret" not in serializer.validated_data


def test_extra_kwargs_reach_the_model_fields() -> None:
    serializer = serializer_for(Team, extra_kwargs={"name": {"read_only": True}})
    assert serializer().fields["name"].read_only
    assert not serializer_for(Team)().fields["name"].read_only
