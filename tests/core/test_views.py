"""Home page, sign-in and the language switch."""

from __future__ import annotations

import pytest
from django.test import Client

from callcenter.accounts.models import User
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_health_check_reports_ok(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_home_requires_sign_in(client: Client) -> None:
    assert client.get("/").status_code == 302


def test_sign_in_form_uses_djangos_field_names(client: Client) -> None:
    content = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content


def test_russian_interface(manager_user: User) -> None:
    client = personas.web_client(manager_user)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    content = client.get("/").content.decode()
    assert "Контакт-центр" in content
    assert "Выйти" in content


def test_english_interface_by_default(manager_user: User) -> None:
    client = personas.web_client(manager_user)
    content = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign out" in content
