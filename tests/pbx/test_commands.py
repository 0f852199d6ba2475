"""`manage.py pbx_render` and `manage.py pbx_apply`: what they print, what they refuse, which nodes they touch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from callcenter.pbx.models import AsteriskServer, ConfigApply, PhoneAccount, Queue
from tests.factories import AsteriskServerFactory
from tests.harness.reload import ReloadingNode

pytestmark = pytest.mark.django_db


def test_the_first_render_creates_the_missing_sip_passwords_once(
    full_center: Queue, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = PhoneAccount.objects.count()
    call_command("pbx_render", "--out", str(tmp_path / "first"), skip_checks=True)
    created = PhoneAccount.objects.count() - before
    assert created > 0
    assert f"created SIP passwords for {created} phone(s)" in capsys.readouterr().out
    call_command("pbx_render", "--out", str(tmp_path / "second"), skip_checks=True)
    assert "created SIP passwords" not in capsys.readouterr().out


def test_render_refuses_an_invalid_center_and_writes_nothing(full_center: Queue, tmp_path: Path) -> None:
    Queue.objects.filter(name="vip").update(exit_context="bad;context")
    out = tmp_path / "refused"
    with pytest.raises(CommandError, match=r"refused, nothing written:\n.*vip"):
        call_command("pbx_render", "--out", str(out), skip_checks=True)
    assert not (out / "queues.conf").exists()


def test_apply_refuses_an_unknown_server() -> None:
    with pytest.raises(CommandError, match="no Asterisk server named 'ghost'"):
        call_command("pbx_apply", "--server", "ghost", skip_checks=True)
    assert not ConfigApply.objects.exists()


def test_apply_takes_a_server_or_a_group_never_both() -> None:
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("pbx_apply", "--server", "node1", "--group", "front", skip_checks=True)


def test_apply_without_a_target_applies_every_enabled_node(
    full_center: Queue,
    node_server: AsteriskServer,
    fake_node: ReloadingNode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    AsteriskServer.objects.filter(name="demo").update(enabled=False)
    AsteriskServerFactory.create(name="switched-off", ami_port=1, enabled=False)
    call_command("pbx_apply", skip_checks=True)
    out = capsys.readouterr().out
    assert "node1: applied version=1" in out
    assert "switched-off" not in out
    assert list(ConfigApply.objects.values_list("server__name", flat=True)) == ["node1"]


def test_a_dry_run_prints_the_diff_with_passwords_masked(
    full_center: Queue,
    node_server: AsteriskServer,
    fake_node: ReloadingNode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("pbx_apply", "--server", "node1", "--dry-run", "--diff", skip_checks=True)
    out = capsys.readouterr().out
    assert "node1: dry_run version=None" in out
    assert fake_node.reloads() == []
    assert not (fake_node.config_dir / "live").exists()
    assert "+[support]" in out
    assert "trunk-Secret-42" not in out
    assert "agent-1001-Secret" not in out
    assert "********" in out
    assert ConfigApply.objects.get().status == ConfigApply.Status.DRY_RUN


def test_one_failing_node_fails_the_command_after_the_others_applied(
    full_center: Queue,
    node_server: AsteriskServer,
    fake_node: ReloadingNode,
    capsys: pytest.CaptureFixture[str],
) -> None:
    AsteriskServer.objects.filter(name="demo").update(ami_port=1)
    with pytest.raises(CommandError, match=r"^demo: rolled_back: Reload failed") as failed:
        call_command("pbx_apply", skip_checks=True)
    assert "node1" not in str(failed.value)
    assert "node1: applied version=1" in capsys.readouterr().out
    assert ConfigApply.objects.get(server=node_server).status == ConfigApply.Status.APPLIED
