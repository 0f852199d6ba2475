"""PBX models refuse hostile values wherever they are saved from, and store secrets encrypted."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from callcenter.pbx.models import AsteriskServer, Destination, InboundRoute, Queue, Schedule, ScheduleRule
from tests.factories import AsteriskServerFactory, QueueFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["support\n[evil]", "sales,1", "vip;x", "a$[1]", "a${X}", "q(1)", "a&b"])
def test_queue_with_hostile_name_is_refused_in_the_shell(name: str) -> None:
    with pytest.raises(ValidationError) as error:
        Queue.objects.create(name=name)
    assert "name" in error.value.message_dict
    assert not Queue.objects.exists()


def test_queue_refuses_hostile_music_class() -> None:
    with pytest.raises(ValidationError) as error:
        QueueFactory(name="support", music_class="default\nmember => PJSIP/666")
    assert "music_class" in error.value.message_dict


def test_amber_threshold_above_red_is_refused() -> None:
    with pytest.raises(ValidationError):
        Queue.objects.create(name="support", wait_amber_s=90, wait_red_s=60)


def test_inbound_route_to_queue_needs_a_queue() -> None:
    with pytest.raises(ValidationError) as error:
        InboundRoute.objects.create(did="74950000001", name="Main", destination=Destination.QUEUE)
    assert "queue" in error.value.message_dict


def test_inbound_route_refuses_did_with_pattern_injection() -> None:
    queue = QueueFactory(name="support")
    with pytest.raises(ValidationError) as error:
        InboundRoute.objects.create(
            did="7495,1,Dial(x)", name="Main", destination=Destination.QUEUE, queue=queue
        )
    assert "did" in error.value.message_dict


def test_schedule_rule_must_open_before_it_closes() -> None:
    schedule = Schedule.objects.create(name="hours")
    with pytest.raises(ValidationError):
        ScheduleRule.objects.create(schedule=schedule, weekday=0, opens="18:00", closes="09:00")


def test_ami_secret_is_encrypted_at_rest() -> None:
    server = AsteriskServerFactory(name="node1", ami_secret="s3cret-value")
    with connection.cursor() as cursor:
        cursor.execute("SELECT ami_secret FROM pbx_asteriskserver WHERE id = %s", [server.pk])
        stored = cursor.fetchone()[0]
    assert "s3cret-value" not in stored
    assert AsteriskServer.objects.get(pk=server.pk).get_ami_secret() == "s3cret-value"


def test_ami_secret_from_environment_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NODE2_AMI_SECRET", "from-env")
    server = AsteriskServerFactory(name="node2", ami_secret="", ami_secret_env="NODE2_AMI_SECRET")
    assert server.get_ami_secret() == "from-env"


def test_server_needs_some_secret() -> None:
    with pytest.raises(ValidationError):
        AsteriskServer.objects.create(name="node3", ami_username="cc")


@pytest.mark.parametrize(
    "path",
    [
        "/srv/rec\nCC_SURVEY_PROMPT=x",
        "/srv/rec;x",
        "/srv/rec,x",
        "/srv/${EVIL}",
        "/srv/rec dir",
        "srv/rec",
        "/srv/../etc",
        "/",
    ],
)
def test_hostile_recordings_directory_is_refused(path: str) -> None:
    with pytest.raises(ValidationError) as error:
        AsteriskServerFactory(name="node1", recordings_dir=path)
    assert list(error.value.message_dict) == ["recordings_dir"]
    assert not AsteriskServer.objects.exists()


def test_recordings_directory_defaults_to_the_spool_directory() -> None:
    server = AsteriskServerFactory(name="node1")
    assert server.recordings_dir == "/var/spool/asterisk/monitor/callcenter"


def test_a_queue_that_announces_without_a_frequency_is_refused(db: None) -> None:
    from django.core.exceptions import ValidationError

    from callcenter.pbx.models import Queue

    queue = Queue(name="announcer", announce_holdtime="yes", announce_frequency=0)
    with pytest.raises(ValidationError) as error:
        queue.full_clean()
    assert error.value.message_dict["announce_frequency"] == [
        "Asterisk announces the position and hold time only every so many seconds: set a frequency."
    ]


def test_a_holiday_out_of_the_date_range_is_refused_in_the_shell() -> None:
    from datetime import date

    from callcenter.pbx.models import Holiday

    schedule = Schedule.objects.create(name="main", time_zone="Europe/Moscow")
    with pytest.raises(ValidationError, match="out of range"):
        Holiday(schedule=schedule, date=date(1, 1, 1), name="Year one").save()
    assert not Holiday.objects.exists()


# -- prompts and music on hold ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["default", "Default", "general"])
def test_a_music_class_may_not_take_a_name_the_node_keeps(db: None, name: str) -> None:
    from callcenter.pbx.models import MusicOnHoldClass

    with pytest.raises(ValidationError) as error:
        MusicOnHoldClass(name=name).save()
    assert "is reserved" in error.value.message_dict["name"][0]


def test_music_classes_differing_only_in_case_are_refused(db: None) -> None:
    from tests.pbx.audio_factories import MusicOnHoldClassFactory

    MusicOnHoldClassFactory(name="Calm")
    with pytest.raises(ValidationError) as error:
        MusicOnHoldClassFactory(name="calm")
    assert "Asterisk finds classes without regard to case" in error.value.message_dict["name"][0]


def test_a_queue_naming_a_music_class_that_does_not_exist_is_refused(db: None) -> None:
    with pytest.raises(ValidationError) as error:
        QueueFactory(name="support", music_class="support-moh")
    assert error.value.message_dict["music_class"] == [
        "There is no music on hold class “support-moh”: choose “default” or upload the class under "
        "Music on hold classes first."
    ]


def test_a_queue_may_name_an_uploaded_music_class(db: None) -> None:
    from tests.pbx.audio_factories import MusicOnHoldClassFactory

    MusicOnHoldClassFactory(name="support-moh")
    assert QueueFactory(name="support", music_class="support-moh").music_class == "support-moh"


def test_a_prompt_without_a_recording_is_refused(db: None) -> None:
    from callcenter.pbx.models import Prompt

    with pytest.raises(ValidationError) as error:
        Prompt(name="custom/welcome").save()
    assert error.value.message_dict["audio"] == ["Upload a WAV or MP3 file."]
    assert not Prompt.objects.exists()


def test_a_recording_changed_behind_its_hash_is_refused(db: None) -> None:
    from tests.pbx.audio_factories import PromptFactory, tone_wav

    prompt = PromptFactory(name="custom/welcome")
    prompt.audio = tone_wav(0.3, 880)
    with pytest.raises(ValidationError) as error:
        prompt.save()
    assert "does not match its SHA-256" in error.value.message_dict["audio"][0]


def test_a_recording_not_in_asterisks_format_is_refused(db: None) -> None:
    from callcenter.pbx.audio import sha256_hex
    from callcenter.pbx.models import Prompt
    from tests.pbx.audio_factories import tone_wav

    data = tone_wav(0.3, rate=16000)
    with pytest.raises(ValidationError) as error:
        Prompt(name="custom/welcome", audio=data, sha256=sha256_hex(data)).save()
    assert (
        "16000 Hz, 1 channel(s), 16-bit instead of 8000 Hz mono 16-bit"
        in error.value.message_dict["audio"][0]
    )


def test_the_length_of_a_prompt_is_taken_from_its_recording(db: None) -> None:
    from tests.pbx.audio_factories import PromptFactory, tone_wav

    assert PromptFactory(audio=tone_wav(1.25)).duration_ms == 1250


def test_a_music_class_a_queue_plays_cannot_be_renamed(db: None) -> None:
    from tests.pbx.audio_factories import MusicOnHoldClassFactory

    moh_class = MusicOnHoldClassFactory(name="calm")
    QueueFactory(name="support", music_class="calm")
    moh_class.name = "quiet"
    with pytest.raises(ValidationError) as error:
        moh_class.save()
    assert "cannot be renamed while it is played by queue “support”" in error.value.message_dict["name"][0]


def test_a_prompt_a_menu_plays_cannot_be_renamed(db: None) -> None:
    from callcenter.pbx.models import IVRMenu
    from tests.pbx.audio_factories import PromptFactory

    prompt = PromptFactory(name="custom/welcome")
    IVRMenu.objects.create(name="main", greeting="custom/welcome")
    prompt.name = "custom/hello"
    with pytest.raises(ValidationError) as error:
        prompt.save()
    assert "IVR menu “main”" in error.value.message_dict["name"][0]
