"""``from_row``: a snapshot dataclass read from the row's attributes of its field names."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from callcenter.pbx.snapshot.conf.queues import QueueConf
from callcenter.pbx.snapshot.rows import from_row
from tests.factories import QueueFactory


@dataclass
class _Conf:
    name: str
    port: int = 5060
    members: list[str] = field(default_factory=list)


@dataclass
class _Row:
    name: str = "support"
    port: int = 5070
    members: list[str] = field(default_factory=lambda: ["from the row"])
    other: str = "ignored"


def test_each_field_is_read_from_the_attribute_of_its_name() -> None:
    assert from_row(_Conf, _Row()) == _Conf(name="support", port=5070)


def test_a_value_given_overrides_the_attribute() -> None:
    assert from_row(_Conf, _Row(), port=5080) == _Conf(name="support", port=5080)


def test_a_field_with_a_default_factory_starts_empty_unless_given() -> None:
    assert from_row(_Conf, _Row()).members == []
    assert from_row(_Conf, _Row(), members=["given"]).members == ["given"]


def test_a_row_without_a_field_given_no_value_raises() -> None:
    with pytest.raises(AttributeError):
        from_row(_Conf, object())


def test_a_row_need_not_have_an_attribute_given_as_a_value() -> None:
    assert from_row(_Conf, object(), name="sales", port=1) == _Conf(name="sales", port=1)


@pytest.mark.django_db
def test_a_queue_row_becomes_its_conf() -> None:
    row = QueueFactory.create(name="support", strategy="linear")
    conf = from_row(QueueConf, row)
    assert (conf.name, conf.strategy, conf.members) == ("support", "linear", [])
