"""The validators of what pjsip.conf and the node's paths hold: hosts, paths, config tokens, secrets, phone
numbers; the length limit and the validators' identity (migrations compare them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from callcenter.core.validators import (
    AsteriskSafeValidator,
    validate_abs_path,
    validate_config_token,
    validate_host,
    validate_identifier,
    validate_phone_number,
    validate_secret,
)


def _code(validator: Callable[[str], None], value: str) -> str | None:
    try:
        validator(value)
    except ValidationError as exc:
        return str(exc.code)
    return None


@pytest.mark.parametrize(
    ("validator", "good"),
    [
        (validate_host, "sip.carrier-a.example"),
        (validate_host, "2001:db8::10"),
        (validate_abs_path, "/var/log/asterisk/queue_log"),
        (validate_config_token, "acct77@carrier.example"),
        (validate_secret, "Hunter2!#%~"),
        (validate_phone_number, "+79161110000"),
    ],
)
def test_the_values_a_node_needs_pass(validator: Callable[[str], None], good: str) -> None:
    assert _code(validator, good) is None


@pytest.mark.parametrize(
    ("validator", "bad"),
    [
        (validate_host, "-leading.example"),
        (validate_abs_path, "relative/path"),
        (validate_abs_path, "/srv/my recordings"),
        (validate_config_token, "alaw ulaw"),
        (validate_secret, "with space"),
        (validate_secret, "пароль"),
        (validate_phone_number, "8 916 111 00 00"),
        (validate_phone_number, "1"),
    ],
)
def test_values_outside_each_character_set_are_refused(validator: Callable[[str], None], bad: str) -> None:
    assert _code(validator, bad) == "asterisk_charset"


def test_a_secret_with_a_config_breaking_character_names_it() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_secret("pass;word")
    assert refused.value.code == "asterisk_unsafe"
    assert "forbidden character ;" in refused.value.messages[0]


def test_a_value_over_the_limit_is_refused_as_too_long() -> None:
    assert _code(validate_identifier, "a" * 64) is None
    with pytest.raises(ValidationError) as refused:
        validate_identifier("a" * 65)
    assert refused.value.code == "asterisk_too_long"
    assert refused.value.messages == [f"“{'a' * 40}” is longer than 64 characters."]


def test_none_is_checked_as_empty_text() -> None:
    assert _code(validate_identifier, None) == "asterisk_charset"  # type: ignore[arg-type]


def test_validators_with_the_same_rule_are_equal_and_hash_alike() -> None:
    same = AsteriskSafeValidator(validate_identifier.pattern, validate_identifier.description, 64)
    assert same == validate_identifier
    assert hash(same) == hash(validate_identifier)
    assert AsteriskSafeValidator(validate_identifier.pattern, validate_identifier.description, 65) != same
    assert same != validate_identifier.pattern
