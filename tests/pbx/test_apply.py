"""Applying configuration to a node over real AMI (a local TCP server answering like s09_reload)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.pbx.apply import (
    AMIReloader,
    ReloadFailed,
    apply_configuration,
    mask_secrets,
    rollback_configuration,
)
from callcenter.pbx.models import AsteriskServer, ConfigApply, MusicOnHoldFile, Queue, Trunk
from tests.harness.reload import ReloadingNode

pytestmark = pytest.mark.django_db

ALL_MODULES = ["res_pjsip.so", "res_musiconhold.so", "app_queue.so", "dialplan"]


def live_target(server: AsteriskServer) -> str:
    return os.readlink(Path(server.config_dir) / "live")


def versions(server: AsteriskServer) -> list[str]:
    return sorted(p.name for p in (Path(server.config_dir) / "versions").iterdir())


@pytest.fixture
def version_one(full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode) -> None:
    """The center applied to the node once (version 1), and the node's actions so far forgotten."""
    apply_configuration(None, node_server)
    fake_node.actions.clear()


def set_strategy(queue_name: str, strategy: str) -> None:
    """Change a queue's ring strategy, saved as an edit in the admin saves it."""
    queue = Queue.objects.get(name=queue_name)
    queue.strategy = strategy
    queue.save()


def test_first_apply_writes_version_one_swaps_live_and_reloads_everything(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert (entry.version, entry.previous_version) == (1, None)
    assert live_target(node_server) == "versions/0001"
    assert fake_node.reloads() == ALL_MODULES
    assert fake_node.strategies == {"sales": "leastrecent", "support": "rrmemory", "vip": "ringall"}
    live_queues = (Path(node_server.config_dir) / "live" / "queues.conf").read_text()
    assert "[support]" in live_queues
    extensions = (Path(node_server.config_dir) / "live" / "extensions.conf").read_text()
    assert f'#include "{node_server.config_dir}/live/callcenter/generated.conf"' in extensions
    audit = AuditEntry.objects.get(action="pbx_apply")
    assert audit.result == "applied" and audit.changes["version"] == 1
    assert "queues.conf" in audit.changes["changed_files"]
    assert "password = ********" in audit.detail and "trunk-Secret-42" not in audit.detail


@pytest.mark.usefixtures("version_one")
def test_an_unchanged_configuration_is_not_reloaded(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.UNCHANGED
    assert fake_node.actions == []
    assert versions(node_server) == ["0001"]


@pytest.mark.usefixtures("version_one")
def test_a_strategy_change_reloads_only_app_queue_and_is_verified(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    set_strategy("sales", Queue.Strategy.FEWESTCALLS)
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert entry.changed_files == ["queues.conf"]
    assert fake_node.reloads() == ["app_queue.so"]
    assert fake_node.strategies["sales"] == "fewestcalls"
    assert "-strategy = leastrecent\n+strategy = fewestcalls" in entry.diff
    assert [a["action"] for a in fake_node.actions if a["action"] not in ("Login", "Logoff")] == [
        "Reload",
        "QueueStatus",
    ]


@pytest.mark.usefixtures("version_one")
def test_a_dialplan_only_change_reloads_only_the_dialplan(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    queue = Queue.objects.get(name="sales")
    queue.survey_enabled = True
    queue.save()
    entry = apply_configuration(None, node_server)
    assert entry.changed_files == ["callcenter/generated.conf"]
    assert fake_node.reloads() == ["dialplan"]


@pytest.mark.usefixtures("version_one")
def test_a_trunk_change_reloads_pjsip_and_the_dialplan(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    Trunk.objects.create(name="carrier-c", host="192.0.2.30")
    entry = apply_configuration(None, node_server)
    assert entry.changed_files == ["callcenter/generated.conf", "pjsip.conf"]
    assert fake_node.reloads() == ["res_pjsip.so", "dialplan"]


@pytest.mark.usefixtures("version_one")
def test_a_broken_value_is_refused_and_nothing_live_changes(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    Queue.objects.filter(name="vip").update(music_class="default\n[evil]")
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.REFUSED
    assert "queue 'vip': music_class" in entry.error
    assert fake_node.actions == []
    assert live_target(node_server) == "versions/0001"
    assert versions(node_server) == ["0001"]
    assert AuditEntry.objects.filter(action="pbx_apply", result="refused").count() == 1


@pytest.mark.usefixtures("version_one")
def test_a_failed_reload_rolls_back_to_the_previous_version(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    fake_node.fail_modules["app_queue.so"] = "An unknown error occurred"
    set_strategy("vip", Queue.Strategy.LINEAR)
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.FAILED
    assert "Reload refused: An unknown error occurred" in entry.error
    assert live_target(node_server) == "versions/0001"
    assert versions(node_server) == ["0001"]
    # The restore reloaded the previous version too, and that failed as well: both are shown.
    assert "restoring version 1 failed too" in entry.error
    assert fake_node.reloads() == ["app_queue.so", "app_queue.so"]


@pytest.mark.usefixtures("version_one")
def test_a_node_that_ignores_the_reload_is_caught_by_queuestatus_and_rolled_back(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    fake_node.ignore_reloads = True
    set_strategy("vip", Queue.Strategy.LINEAR)
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.ROLLED_BACK
    assert entry.error == "after the reload QueueStatus disagrees: vip is ringall instead of linear"
    assert live_target(node_server) == "versions/0001"
    assert fake_node.reloads() == ["app_queue.so", "app_queue.so"]
    assert ConfigApply.objects.filter(status="rolled_back").count() == 1


def test_a_reload_error_on_the_first_apply_leaves_no_live_link(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    fake_node.fail_modules["res_pjsip.so"] = "No such module"
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.ROLLED_BACK
    assert entry.error == "Reload refused: No such module"
    assert not (Path(node_server.config_dir) / "live").exists()
    assert versions(node_server) == []


def test_a_dry_run_diffs_and_checks_but_touches_nothing(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    entry = apply_configuration(None, node_server, dry_run=True)
    assert entry.status == ConfigApply.Status.DRY_RUN
    assert entry.reloaded == ALL_MODULES
    assert "+[support]" in entry.diff
    assert fake_node.actions == []
    assert not (Path(node_server.config_dir) / "live").exists()
    assert versions(node_server) == []


def test_a_missing_prompt_is_refused_when_a_sounds_directory_is_given(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, tmp_path: Path
) -> None:
    sounds = tmp_path / "sounds"
    (sounds / "en").mkdir(parents=True)
    (sounds / "en" / "beep.gsm").write_bytes(b"")
    entry = apply_configuration(None, node_server, sounds_dir=sounds)
    assert entry.status == ConfigApply.Status.REFUSED
    assert "prompt 'custom/main-menu' is not in the sounds directory" in entry.error
    assert fake_node.actions == []


def test_rollback_puts_a_kept_version_back_and_reloads_what_differs(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, admin_user: User
) -> None:
    apply_configuration(None, node_server)
    set_strategy("sales", Queue.Strategy.RANDOM)
    apply_configuration(None, node_server)
    assert fake_node.strategies["sales"] == "random"
    fake_node.actions.clear()
    entry = rollback_configuration(admin_user, node_server, 1)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert (entry.kind, entry.version, entry.previous_version) == ("rollback", 1, 2)
    assert live_target(node_server) == "versions/0001"
    assert fake_node.reloads() == ["app_queue.so"]
    assert fake_node.strategies["sales"] == "leastrecent"
    assert AuditEntry.objects.get(action="pbx_rollback").actor == admin_user


def test_rollback_to_a_pruned_version_is_refused(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode, settings: Settings
) -> None:
    settings.PBX_KEEP_VERSIONS = 2
    for strategy in ("random", "linear", "ringall"):
        queue = Queue.objects.get(name="sales")
        queue.strategy = strategy
        queue.save()
        apply_configuration(None, node_server)
    assert versions(node_server) == ["0002", "0003"]
    entry = rollback_configuration(None, node_server, 1)
    assert entry.status == ConfigApply.Status.REFUSED
    assert entry.error == "version 1 is no longer kept on this node"


def test_pbx_apply_command_reports_and_fails_loudly(
    full_center: Queue,
    node_server: AsteriskServer,
    fake_node: ReloadingNode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("pbx_apply", "--server", "node1", skip_checks=True)
    assert "node1: applied version=1 previous=None" in capsys.readouterr().out
    Queue.objects.filter(name="vip").update(exit_context="bad;context")
    with pytest.raises(CommandError, match="node1: refused"):
        call_command("pbx_apply", "--server", "node1", "--dry-run", skip_checks=True)


def test_ami_reloader_speaks_to_the_node(node_server: AsteriskServer, fake_node: ReloadingNode) -> None:
    reloader = AMIReloader(node_server, timeout=5)
    assert reloader.reload("app_queue.so") == "Module Reloaded"
    assert reloader.reload("dialplan") == "Dialplan reloaded."
    fake_node.fail_modules["res_pjsip.so"] = "No such module"
    with pytest.raises(ReloadFailed, match="Reload refused: No such module"):
        reloader.reload("res_pjsip.so")


def test_ami_reloader_reports_an_unreachable_node(node_server: AsteriskServer) -> None:
    node_server.ami_port = 1
    with pytest.raises(ReloadFailed, match="Reload failed"):
        AMIReloader(node_server, timeout=2).reload("app_queue.so")


def test_secrets_are_masked_in_diffs() -> None:
    diff = "-password = old-secret\n+password = new-secret\n username = 1001\n"
    assert mask_secrets(diff) == "-password = ********\n+password = ********\n username = 1001\n"


def test_a_rolled_back_version_number_is_never_reused(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    apply_configuration(None, node_server)
    fake_node.ignore_reloads = True
    set_strategy("vip", Queue.Strategy.LINEAR)
    failed = apply_configuration(None, node_server)
    assert (failed.status, failed.version) == (ConfigApply.Status.ROLLED_BACK, 2)
    fake_node.ignore_reloads = False
    entry = apply_configuration(None, node_server)
    assert (entry.status, entry.version, entry.previous_version) == (ConfigApply.Status.APPLIED, 3, 1)
    assert versions(node_server) == ["0001", "0003"]


# -- prompts and music on hold ------------------------------------------------------------------------
def _live(server: AsteriskServer) -> Path:
    return Path(server.config_dir) / "live"


def _music(class_name: str = "calm", **kwargs: Any) -> MusicOnHoldFile:
    from tests.pbx.audio_factories import MusicOnHoldFileFactory

    return MusicOnHoldFileFactory(moh_class__name=class_name, name="tune", **kwargs)


def test_the_apply_pushes_prompts_and_music_with_the_configuration(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    from tests.pbx.audio_factories import PromptFactory

    prompt = PromptFactory(name="custom/main-menu")
    music = _music()
    Queue.objects.filter(name="sales").update(music_class="calm")
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    live = _live(node_server)
    assert (live / "sounds" / "custom" / "main-menu.wav").read_bytes() == prompt.audio_bytes
    assert (live / "moh" / "calm" / "tune.wav").read_bytes() == music.audio_bytes
    assert f"directory = {live}/moh/calm" in (live / "musiconhold.conf").read_text()
    assert (
        f"Background({live}/sounds/custom/main-menu)" in (live / "callcenter" / "generated.conf").read_text()
    )
    assert fake_node.moh == {"calm": [str(live / "moh" / "calm" / "tune")]}
    assert f"Audio new/moh/calm/tune.wav: added (sha256 {music.sha256})" in entry.diff


def test_new_music_reloads_only_music_on_hold(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    from callcenter.pbx import actions
    from callcenter.pbx.audio import convert_upload
    from tests.pbx.audio_factories import tone_wav, upload

    music = _music()
    apply_configuration(None, node_server)
    fake_node.actions.clear()
    old = music.sha256
    actions.save_audio(None, music, convert_upload(upload("new.wav", tone_wav(2.0, 550))))
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert (entry.changed_files, entry.reloaded) == (["moh/calm/tune.wav"], ["res_musiconhold.so"])
    assert f"Audio new/moh/calm/tune.wav: replaced (sha256 {old} -> {music.sha256})" in entry.diff
    assert fake_node.reloads() == ["res_musiconhold.so"]


def test_a_new_recording_of_a_prompt_reloads_nothing(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    from callcenter.pbx import actions
    from callcenter.pbx.audio import convert_upload
    from tests.pbx.audio_factories import PromptFactory, tone_wav, upload

    prompt = PromptFactory(name="custom/main-menu")
    apply_configuration(None, node_server)
    fake_node.actions.clear()
    actions.save_audio(None, prompt, convert_upload(upload("new.wav", tone_wav(0.7, 700))))
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert (entry.changed_files, entry.reloaded) == (["sounds/custom/main-menu.wav"], [])
    assert (_live(node_server) / "sounds" / "custom" / "main-menu.wav").read_bytes() == prompt.audio_bytes
    assert fake_node.reloads() == []


def test_unchanged_audio_is_shared_between_versions_not_copied(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    _music()
    apply_configuration(None, node_server)
    Queue.objects.filter(name="sales").update(strategy="random")
    apply_configuration(None, node_server)
    versions_dir = Path(node_server.config_dir) / "versions"
    first = (versions_dir / "0001" / "moh" / "calm" / "tune.wav").stat()
    second = (versions_dir / "0002" / "moh" / "calm" / "tune.wav").stat()
    assert (first.st_ino, first.st_nlink) == (second.st_ino, 2)


def test_a_rollback_brings_the_old_music_back_and_reloads_music_on_hold(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    from callcenter.pbx import actions
    from callcenter.pbx.audio import convert_upload
    from tests.pbx.audio_factories import tone_wav, upload

    music = _music()
    apply_configuration(None, node_server)
    old = music.audio_bytes
    actions.save_audio(None, music, convert_upload(upload("new.wav", tone_wav(1.5, 880))))
    apply_configuration(None, node_server)
    fake_node.actions.clear()
    entry = rollback_configuration(None, node_server, 1)
    assert entry.status == ConfigApply.Status.APPLIED, entry.error
    assert (entry.changed_files, entry.reloaded) == (["moh/calm/tune.wav"], ["res_musiconhold.so"])
    assert (_live(node_server) / "moh" / "calm" / "tune.wav").read_bytes() == old
    assert fake_node.reloads() == ["res_musiconhold.so"]


def test_a_node_that_does_not_load_the_music_is_rolled_back(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    apply_configuration(None, node_server)
    fake_node.ignore_reloads = True  # e.g. its musiconhold.conf lacks the #tryinclude
    _music()
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.ROLLED_BACK
    assert entry.error.startswith(
        "after the reload the node's music on hold disagrees: calm has 0 file(s) instead of 1"
    )
    assert live_target(node_server) == "versions/0001"
    assert not (_live(node_server) / "moh").exists()


def test_audio_changed_behind_its_hash_is_refused_and_nothing_live_changes(
    full_center: Queue, node_server: AsteriskServer, fake_node: ReloadingNode
) -> None:
    from callcenter.pbx.models import MusicOnHoldFile
    from tests.pbx.audio_factories import tone_wav

    apply_configuration(None, node_server)
    fake_node.actions.clear()
    _music()
    MusicOnHoldFile.objects.update(audio=tone_wav(0.2, 990))  # around the model's validation
    entry = apply_configuration(None, node_server)
    assert entry.status == ConfigApply.Status.REFUSED
    assert "moh/calm/tune.wav: its content does not match its SHA-256" in entry.error
    assert fake_node.actions == []
    assert versions(node_server) == ["0001"]
    assert live_target(node_server) == "versions/0001"
