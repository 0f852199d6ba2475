"""Shared test fixtures: named personas and the recorded Asterisk 22 files."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation
from pytest_django import Settings
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from tests.fixtures import ASTERISK_22
from tests.harness import personas, sign_in
from tests.harness.ami import AMIServer
from tests.harness.frames import empty_list


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in Russian leaves Russian active in the thread (LocaleMiddleware activates, nothing
    deactivates); the next test starts in the default language again."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """Hash test passwords with MD5: the default PBKDF2 would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def asterisk_fixtures() -> Path:
    """The recorded Asterisk 22 transcripts, queue_log and CDR files (never modified by tests)."""
    return ASTERISK_22


@pytest.fixture
async def ami_server() -> AsyncIterator[AMIServer]:
    """An AMI test server for an idle node: QueueStatus and CoreShowChannels answer with empty lists."""
    server = AMIServer()
    await server.start()
    server.handlers["QueueStatus"] = lambda conn, msg: empty_list(msg.action_id, "QueueStatusComplete")
    server.handlers["CoreShowChannels"] = lambda conn, msg: empty_list(
        msg.action_id, "CoreShowChannelsComplete"
    )
    yield server
    await server.stop()


@pytest.fixture
def admin_user(db: None) -> User:
    """Alice the administrator."""
    return personas.admin()


@pytest.fixture
def admin_api(admin_user: User) -> APIClient:
    """A REST API client signed in as Alice the administrator, who sees every row."""
    return personas.api_client(admin_user)


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    """A browser of its own signed in to the admin site as Alice, made superuser so every model is hers."""
    admin_user.is_superuser = True
    admin_user.save()
    browser = Client()
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def manager_user(db: None) -> User:
    """Max the manager."""
    return personas.manager()


@pytest.fixture
def payroll_user(db: None) -> User:
    """Polina from payroll."""
    return personas.payroll()


@pytest.fixture
def center(db: None) -> personas.Center:
    """Two teams, each with a supervisor, a queue and two agents; Sam supervises team North only."""
    return personas.center()


@pytest.fixture
def bob(db: None) -> User:
    """Bob, a supervisor who signs in with the factory password."""
    return personas.supervisor("bob")


@pytest.fixture
def lockout(settings: Settings) -> None:
    """Lock a user name and address out after sign_in.LIMIT failed sign-ins, for sign_in.COOL_OFF."""
    settings.AXES_FAILURE_LIMIT = sign_in.LIMIT
    settings.AXES_COOLOFF_TIME = sign_in.COOL_OFF
