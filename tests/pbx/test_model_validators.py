"""Names and paths the rendered files reserve, refused on the model before they reach a node."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from callcenter.pbx.models import MusicOnHoldClass, Queue
from tests.factories import AsteriskServerFactory, QueueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["agent", "Failed"])
def test_a_queue_may_not_take_a_name_the_dialers_dialplan_uses(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Queue(name=name).full_clean()
    assert refused.value.message_dict["name"] == [
        f"“{name}” is reserved: the dialer's dialplan uses it for calls that are no queue's."
    ]


@pytest.mark.parametrize("context", ["globals", "General"])
def test_an_exit_context_may_not_be_a_settings_section(context: str) -> None:
    queue = QueueFactory.build(name="support", exit_context=context)
    with pytest.raises(ValidationError) as refused:
        queue.full_clean()
    assert refused.value.message_dict["exit_context"] == [
        f"“{context}” is not a dialplan context: extensions.conf uses [{context}] for its settings."
    ]


@pytest.mark.parametrize("name", ["default", "GENERAL"])
def test_a_music_class_may_not_take_a_name_musiconhold_conf_reserves(name: str) -> None:
    with pytest.raises(ValidationError) as refused:
        MusicOnHoldClass(name=name).full_clean()
    assert "is reserved: musiconhold.conf uses" in refused.value.message_dict["name"][0]


@pytest.mark.parametrize("directory", ["/", "//", "/srv/../etc", "/srv/recordings/.."])
def test_the_recordings_directory_is_an_absolute_directory_without_climbing(directory: str) -> None:
    server = AsteriskServerFactory.build(name="node1", recordings_dir=directory)
    with pytest.raises(ValidationError) as refused:
        server.full_clean()
    assert "recordings_dir" in refused.value.message_dict


def test_a_plain_recordings_directory_is_accepted() -> None:
    AsteriskServerFactory.build(name="node1", recordings_dir="/srv/recordings/node1").full_clean()
