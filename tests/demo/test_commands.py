"""`manage.py seed_demo`: refused outside demo and debug mode, the center alone with --no-history."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.demo.actions import DEMO_USERS
from callcenter.pbx.models import AsteriskServer
from callcenter.stats.models import Call

pytestmark = pytest.mark.django_db


def test_seeding_known_passwords_is_refused_in_production(settings: Settings) -> None:
    settings.DEMO, settings.DEBUG = False, False
    with pytest.raises(CommandError, match="known passwords"):
        call_command("seed_demo", "--no-history")
    assert not User.objects.exists()


def test_force_seeds_the_center_alone_with_the_given_port(settings: Settings, tmp_path: Path) -> None:
    settings.DEMO, settings.DEBUG, settings.VAR_DIR = False, False, tmp_path
    out = StringIO()
    call_command("seed_demo", "--force", "--no-history", "--ami-port", "15038", stdout=out)
    assert f"demo center ready: {len(DEMO_USERS)} users" in out.getvalue()
    assert "history since" not in out.getvalue()
    assert AsteriskServer.objects.get(name="demo").ami_port == 15038
    assert not Call.objects.exists()


def test_seeding_again_in_demo_mode_keeps_the_nodes_ami_secret(settings: Settings, tmp_path: Path) -> None:
    settings.DEMO, settings.VAR_DIR = True, tmp_path
    call_command("seed_demo", "--no-history", stdout=StringIO())
    secret = AsteriskServer.objects.get(name="demo").ami_secret
    call_command("seed_demo", "--no-history", stdout=StringIO())
    assert AsteriskServer.objects.get(name="demo").ami_secret == secret
