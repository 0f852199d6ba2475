"""Secrets encrypted at rest: ciphertext in the database, plain text in Python, a changed key refused."""

from __future__ import annotations

import pytest
from django.db import connection
from pytest_django import Settings

from callcenter.core.fields import decrypt, encrypt
from callcenter.pbx.models import AsteriskServer
from tests.factories import AsteriskServerFactory

RAW_SECRET = "SELECT ami_secret FROM pbx_asteriskserver WHERE id = %s"  # what the database holds


def test_encrypt_then_decrypt_gives_the_text_back() -> None:
    stored = encrypt("s3cr3t-ü")
    assert stored.startswith("fernet:")
    assert "s3cr3t" not in stored
    assert decrypt(stored) == "s3cr3t-ü"


def test_a_value_stored_before_encryption_is_read_as_it_is() -> None:
    assert decrypt("legacy-plain-secret") == "legacy-plain-secret"


def test_a_secret_encrypted_under_another_key_is_refused(settings: Settings) -> None:
    settings.FIELD_ENCRYPTION_KEY = "the-old-key"
    stored = encrypt("s3cr3t")
    settings.FIELD_ENCRYPTION_KEY = "the-new-key"
    with pytest.raises(ValueError, match="FIELD_ENCRYPTION_KEY changed"):
        decrypt(stored)


@pytest.mark.django_db
def test_the_database_holds_ciphertext_and_the_model_plain_text() -> None:
    server = AsteriskServerFactory.create(name="node-secret", ami_secret="ami-pass-1")
    with connection.cursor() as cursor:
        cursor.execute(RAW_SECRET, [server.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("fernet:")
    assert "ami-pass-1" not in raw
    assert AsteriskServer.objects.get(pk=server.pk).ami_secret == "ami-pass-1"


@pytest.mark.django_db
def test_an_empty_secret_is_stored_empty() -> None:
    server = AsteriskServerFactory.create(name="node-env", ami_secret="", ami_secret_env="AMI_SECRET")
    with connection.cursor() as cursor:
        cursor.execute(RAW_SECRET, [server.pk])
        (raw,) = cursor.fetchone()
    assert raw == ""
