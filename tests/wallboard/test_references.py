"""``optional_slug``: an optional related object named by its slug; null or absent means none."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from callcenter.pbx.models import Queue
from callcenter.wallboard.references import optional_slug
from tests.factories import QueueFactory

pytestmark = pytest.mark.django_db


class _Pick(serializers.Serializer[object]):
    queue = optional_slug("name", Queue.objects.all(), "A queue by its name.")


def _valid(data: dict[str, str | None]) -> dict[str, Queue | None]:
    serializer = _Pick(data=data)
    assert serializer.is_valid(), serializer.errors
    return dict(serializer.validated_data)


def test_the_slug_names_the_object() -> None:
    support = QueueFactory.create(name="support")
    assert _valid({"queue": "support"}) == {"queue": support}


def test_null_means_none() -> None:
    assert _valid({"queue": None}) == {"queue": None}


def test_an_absent_value_is_left_out() -> None:
    assert _valid({}) == {}


def test_an_unknown_slug_is_refused_with_the_fields_message() -> None:
    serializer = _Pick(data={"queue": "nowhere"})
    assert not serializer.is_valid()
    assert serializer.errors == {"queue": ["Object with name=nowhere does not exist."]}


def test_only_objects_of_the_queryset_are_named() -> None:
    QueueFactory.create(name="sales")

    class _Support(serializers.Serializer[object]):
        queue = optional_slug("name", Queue.objects.filter(name="support"), "Support only.")

    serializer = _Support(data={"queue": "sales"})
    assert not serializer.is_valid()
    assert "queue" in serializer.errors


def test_the_object_is_shown_by_its_slug_with_its_help_text() -> None:
    field = _Pick().fields["queue"]
    assert field.help_text == "A queue by its name."
    assert field.to_representation(QueueFactory.create(name="support")) == "support"
