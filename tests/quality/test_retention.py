"""Retention: each queue keeps its recordings N days; expired files and rows go, audited, unless under review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pytest_django import Settings

from callcenter.audit.models import AuditEntry
from callcenter.quality import actions
from callcenter.quality.models import Evaluation, Recording, RetentionRule
from tests.factories import QueueFactory
from tests.quality.conftest import write_wav
from tests.quality.factories import EvaluationFactory, RecordingFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2027, 1, 1, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def aged(node: Any, settings: Settings) -> dict[str, Recording]:
    """A support recording 20 days old, a sales one 20 days old and one 5 days old, all with files."""
    settings.RECORDING_RETENTION_DAYS = 30
    root = Path(node.recordings_dir)
    made: dict[str, Recording] = {}
    for name, queue, days in (
        ("old_support", "support", 20),
        ("old_sales", "sales", 20),
        ("new_sales", "sales", 5),
    ):
        path = root / queue / f"{name}.wav"
        write_wav(path, 1.0)
        made[name] = RecordingFactory(
            queue=queue, path=str(path), started_at=NOW - dt.timedelta(days=days), size=path.stat().st_size
        )
    RetentionRule.objects.create(queue=QueueFactory(name="sales"), days=10)
    return made


def test_a_queue_keeps_its_recordings_as_many_days_as_its_rule_says(aged: dict[str, Recording]) -> None:
    report = actions.purge_recordings(None, now=NOW)
    assert [item.recording_id for item in report.deleted] == [aged["old_sales"].pk]
    assert not Path(aged["old_sales"].path).exists()
    assert set(Recording.objects.values_list("pk", flat=True)) == {
        aged["old_support"].pk,
        aged["new_sales"].pk,
    }


def test_queues_without_a_rule_keep_the_default_number_of_days(
    aged: dict[str, Recording], settings: Settings
) -> None:
    settings.RECORDING_RETENTION_DAYS = 15
    report = actions.purge_recordings(None, now=NOW)
    assert {item.recording_id for item in report.deleted} == {aged["old_sales"].pk, aged["old_support"].pk}


def test_a_default_of_zero_days_keeps_them_for_ever(aged: dict[str, Recording], settings: Settings) -> None:
    settings.RECORDING_RETENTION_DAYS = 0
    report = actions.purge_recordings(None, now=NOW)
    assert [item.queue for item in report.deleted] == ["sales"]


def test_every_deletion_is_audited(aged: dict[str, Recording]) -> None:
    actions.purge_recordings(None, now=NOW)
    entry = AuditEntry.objects.get(action=actions.PURGED)
    assert entry.object_id == str(aged["old_sales"].pk)
    assert entry.changes["path"] == aged["old_sales"].path
    assert AuditEntry.objects.get(action="quality.recordings.purge").changes["deleted"] == 1


def test_a_dry_run_lists_and_changes_nothing(aged: dict[str, Recording]) -> None:
    report = actions.purge_recordings(None, dry_run=True, now=NOW)
    assert [item.recording_id for item in report.deleted] == [aged["old_sales"].pk]
    assert Recording.objects.count() == 3
    assert Path(aged["old_sales"].path).exists()
    assert not AuditEntry.objects.filter(action__startswith="quality.recording").exists()


def test_a_recording_under_an_open_evaluation_is_kept(aged: dict[str, Recording]) -> None:
    EvaluationFactory(recording=aged["old_sales"])
    report = actions.purge_recordings(None, now=NOW)
    assert (report.deleted, [item.recording_id for item in report.kept_open]) == ([], [aged["old_sales"].pk])
    assert Path(aged["old_sales"].path).exists()


def test_a_closed_evaluation_outlives_its_recording(aged: dict[str, Recording]) -> None:
    evaluation = EvaluationFactory(recording=aged["old_sales"], status=Evaluation.Status.CLOSED)
    actions.purge_recordings(None, now=NOW)
    evaluation.refresh_from_db()
    assert (evaluation.recording, evaluation.callid) == (None, aged["old_sales"].callid)


def test_a_file_outside_the_recordings_directory_is_never_deleted(
    aged: dict[str, Recording], tmp_path: Path
) -> None:
    outside = tmp_path / "keep.wav"
    write_wav(outside, 1.0)
    rogue: Any = RecordingFactory(queue="sales", path=str(outside), started_at=NOW - dt.timedelta(days=40))
    actions.purge_recordings(None, now=NOW)
    assert outside.exists()
    assert not Recording.objects.filter(pk=rogue.pk).exists()
