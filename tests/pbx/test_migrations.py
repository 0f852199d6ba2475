"""Data migrations of the PBX app, run against the current models."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from callcenter.pbx.models import MusicOnHoldClass, Queue
from tests.factories import QueueFactory

pytestmark = pytest.mark.django_db

moh_migration = importlib.import_module("callcenter.pbx.migrations.0007_prompts_and_music_on_hold")


def test_classes_queues_named_before_the_upgrade_become_empty_classes() -> None:
    for name in ("support", "sales", "vip", "odd"):
        QueueFactory(name=name)
    Queue.objects.filter(name="support").update(music_class="support-moh")
    Queue.objects.filter(name="sales").update(music_class="support-moh")
    Queue.objects.filter(name="odd").update(music_class="bad name;x")  # never valid: left alone
    moh_migration.classes_named_by_queues(apps, None)
    assert list(MusicOnHoldClass.objects.values_list("name", flat=True)) == ["support-moh"]
    assert not MusicOnHoldClass.objects.get().files.exists()
