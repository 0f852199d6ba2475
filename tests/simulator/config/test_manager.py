"""manager.conf: which sections are AMI accounts."""

from __future__ import annotations

from pathlib import Path

from callcenter.simulator.config import load_manager_users, parse_manager_conf


def test_only_sections_with_a_secret_are_accounts_and_general_is_skipped() -> None:
    users = parse_manager_conf(
        "[general]\nenabled = yes\nsecret = no\n[ops]\nsecret = s1\n[nosecret]\nread = all\n"
    )
    assert [(user.username, user.secret) for user in users] == [("ops", "s1")]


def test_a_directory_without_manager_conf_has_no_accounts(tmp_path: Path) -> None:
    assert load_manager_users(tmp_path) == []
