"""Values that reach Asterisk files are refused, never cleaned, when they could inject."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from callcenter.core.validators import (
    validate_did,
    validate_display_name,
    validate_extension,
    validate_identifier,
    validate_interface,
    validate_prompt,
    validate_time_zone,
)

HOSTILE = [
    "support\nexten => _X.,1,System(rm -rf /)",
    "sales,1,Hangup()",
    "vip;comment",
    "q)",
    "q(",
    "a$[1+1]",
    "a${SHELL(id)}",
    "a&b",
    "a|b",
    'a"b',
    "a\\b",
    "a\rb",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    "validator",
    [validate_identifier, validate_display_name, validate_extension, validate_did, validate_prompt],
)
def test_hostile_values_are_refused(validator, value):
    with pytest.raises(ValidationError) as error:
        validator(value)
    assert error.value.code in {"asterisk_unsafe", "asterisk_charset"}


def test_message_names_the_forbidden_character():
    with pytest.raises(ValidationError) as error:
        validate_display_name("Ivan; Petrov")
    assert "forbidden character ;" in str(error.value.messages[0])


@pytest.mark.parametrize("value", ["Иван Петров", "Anna O'Neil", "Agent 1001", "Jean-Luc"])
def test_human_names_in_any_script_pass(value):
    validate_display_name(value)


@pytest.mark.parametrize("value", ["PJSIP/1001", "Local/1001@agents/n", "SIP/trunk-1"])
def test_channel_interfaces_pass(value):
    validate_interface(value)


def test_interface_with_option_injection_is_refused():
    with pytest.raises(ValidationError):
        validate_interface("PJSIP/1001,,Agent")


def test_overlong_identifier_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_identifier("q" * 65)
    assert error.value.code == "asterisk_too_long"


def test_unknown_time_zone_is_refused():
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus")


def test_known_time_zone_passes():
    validate_time_zone("Asia/Yekaterinburg")
