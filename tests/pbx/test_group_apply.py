"""Applying one configuration to a group of two nodes, all or nothing, over real AMI (two fake nodes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from callcenter.audit.models import AuditEntry
from callcenter.pbx.actions import apply_group_configuration
from callcenter.pbx.apply import read_tree
from callcenter.pbx.models import AsteriskServer, ConfigApply, GroupApply, NodeGroup, Queue
from tests.harness.reload import ReloadingNode

pytestmark = pytest.mark.django_db


def live_target(server: AsteriskServer) -> str:
    return os.readlink(Path(server.config_dir) / "live")


def node(name: str) -> AsteriskServer:
    return AsteriskServer.objects.get(name=name)


def change_vip_strategy() -> None:
    vip = Queue.objects.get(name="vip")
    vip.strategy = Queue.Strategy.LINEAR
    vip.save()


def test_a_group_apply_puts_every_node_on_the_new_version(
    group: NodeGroup, fake_pair: tuple[ReloadingNode, ReloadingNode]
) -> None:
    result = apply_group_configuration(None, group)
    assert result.status == GroupApply.Status.APPLIED, result.error
    assert [live_target(node(n)) for n in ("node-a", "node-b")] == ["versions/0001", "versions/0001"]
    for fake in fake_pair:
        assert fake.strategies == {"sales": "leastrecent", "support": "rrmemory", "vip": "ringall"}
    entries = {e.server.name: e for e in result.node_applies.select_related("server")}
    assert {name: e.status for name, e in entries.items()} == {"node-a": "applied", "node-b": "applied"}
    audit = AuditEntry.objects.get(action="pbx_group_apply")
    assert audit.result == "applied"
    assert audit.changes["nodes"]["node-b"] == {"status": "applied", "version": 1, "previous_version": None}
    assert AuditEntry.objects.filter(action="pbx_apply").count() == 2


def test_the_nodes_render_identically_except_their_own_values(group: NodeGroup) -> None:
    apply_group_configuration(None, group)
    a, b = node("node-a"), node("node-b")
    files_a = read_tree(Path(a.config_dir) / "live")
    files_b = read_tree(Path(b.config_dir) / "live")
    assert files_a.keys() == files_b.keys()

    def neutral(text: str, server: AsteriskServer) -> str:
        return (
            text.replace(server.config_dir, "<config_dir>")
            .replace(server.recordings_dir, "<recordings>")
            .replace(f"0.0.0.0:{server.sip_port}", "0.0.0.0:<sip>")
            .replace(f"0.0.0.0:{server.sip_port + 1}", "0.0.0.0:<tls>")
            .replace(server.name, "<node>")
        )

    differing = [path for path in files_a if files_a[path] != files_b[path]]
    assert differing  # the node's own values are in the files...
    for path in files_a:  # ...and they are the only difference
        assert neutral(files_a[path], a) == neutral(files_b[path], b), path
    assert "CC_NODE=node-a\n" in files_a["extensions.conf"]
    assert "CC_NODE=node-b\n" in files_b["extensions.conf"]
    assert "bind = 0.0.0.0:5070" in files_b["pjsip.conf"]


def test_a_queue_given_to_one_node_is_rendered_on_every_node_of_its_group(group: NodeGroup) -> None:
    Queue.objects.filter(name="sales").update(server=node("node-a"))
    apply_group_configuration(None, group)
    for name in ("node-a", "node-b"):
        assert "[sales]" in (Path(node(name).config_dir) / "live" / "queues.conf").read_text()


def test_when_the_second_node_fails_validation_no_node_changes(
    group: NodeGroup, fake_pair: tuple[ReloadingNode, ReloadingNode]
) -> None:
    apply_group_configuration(None, group)
    for fake in fake_pair:
        fake.actions.clear()
    change_vip_strategy()
    # A hostile per-node value (written around the model's validation): node-b's render refuses it.
    AsteriskServer.objects.filter(name="node-b").update(recordings_dir="/srv/rec\n[evil]")
    result = apply_group_configuration(None, group)
    assert result.status == GroupApply.Status.REFUSED
    assert "node-b: " in result.error and "recordings_dir" in result.error
    for name, fake in zip(("node-a", "node-b"), fake_pair, strict=True):
        assert live_target(node(name)) == "versions/0001"
        assert sorted(p.name for p in (Path(node(name).config_dir) / "versions").iterdir()) == ["0001"]
        assert fake.actions == []  # nothing was reloaded anywhere
        assert fake.strategies["vip"] == "ringall"
    entry_a = result.node_applies.get(server__name="node-a")
    assert entry_a.status == ConfigApply.Status.REFUSED and "node-b" in entry_a.error
    assert (
        AuditEntry.objects.get(action="pbx_group_apply", result="refused").changes["nodes"]["node-b"][
            "status"
        ]
        == "refused"
    )


def test_when_the_second_node_fails_its_reload_both_go_back_to_the_old_version(
    group: NodeGroup, fake_pair: tuple[ReloadingNode, ReloadingNode]
) -> None:
    apply_group_configuration(None, group)
    first, second = fake_pair
    first.actions.clear()
    change_vip_strategy()
    second.ignore_reloads = True  # node-b takes the reload but keeps its old queues
    result = apply_group_configuration(None, group)
    assert result.status == GroupApply.Status.ROLLED_BACK
    assert result.error == "node-b: after the reload QueueStatus disagrees: vip is ringall instead of linear"
    for name in ("node-a", "node-b"):
        assert live_target(node(name)) == "versions/0001"
        assert sorted(p.name for p in (Path(node(name).config_dir) / "versions").iterdir()) == ["0001"]
    # node-a had taken the new version and was reloaded back onto the old one.
    assert first.reloads() == ["app_queue.so", "app_queue.so"]
    assert first.strategies["vip"] == "ringall"
    statuses = {e.server.name: e.status for e in result.node_applies.select_related("server")}
    assert statuses == {"node-a": "rolled_back", "node-b": "rolled_back"}
    assert "node-b failed" in result.node_applies.get(server__name="node-a").error
    # The tried version's number is not used again.
    second.ignore_reloads = False
    again = apply_group_configuration(None, group)
    assert again.status == GroupApply.Status.APPLIED, again.error
    assert live_target(node("node-a")) == "versions/0003"
    assert first.strategies["vip"] == "linear" and second.strategies["vip"] == "linear"


def test_a_refused_reload_on_the_second_node_puts_both_back_and_says_what_failed(
    group: NodeGroup, fake_pair: tuple[ReloadingNode, ReloadingNode]
) -> None:
    apply_group_configuration(None, group)
    first, second = fake_pair
    change_vip_strategy()
    second.fail_modules["app_queue.so"] = "An unknown error occurred"  # refuses the restore's reload too
    result = apply_group_configuration(None, group)
    assert result.status == GroupApply.Status.FAILED
    assert "node-b: Reload refused: An unknown error occurred" in result.error
    for name in ("node-a", "node-b"):
        assert live_target(node(name)) == "versions/0001"
    assert first.strategies["vip"] == "ringall"
    statuses = {e.server.name: e.status for e in result.node_applies.select_related("server")}
    assert statuses == {"node-a": "rolled_back", "node-b": "failed"}
    assert "restoring version 1 failed too" in result.node_applies.get(server__name="node-b").error


def test_a_dry_run_checks_every_node_and_changes_none(
    group: NodeGroup, fake_pair: tuple[ReloadingNode, ReloadingNode]
) -> None:
    result = apply_group_configuration(None, group, dry_run=True)
    assert result.status == GroupApply.Status.DRY_RUN
    for name, fake in zip(("node-a", "node-b"), fake_pair, strict=True):
        assert not (Path(node(name).config_dir) / "live").exists()
        assert fake.actions == []


def test_a_group_without_an_enabled_node_is_refused(db: None) -> None:
    empty = NodeGroup.objects.create(name="empty")
    with pytest.raises(ValidationError, match="no enabled node"):
        apply_group_configuration(None, empty)
    assert not GroupApply.objects.exists()


def test_the_apply_command_takes_a_group(group: NodeGroup) -> None:
    call_command("pbx_apply", "--group", "front")
    assert live_target(node("node-b")) == "versions/0001"
    with pytest.raises(CommandError, match="no node group named 'rear'"):
        call_command("pbx_apply", "--group", "rear")
