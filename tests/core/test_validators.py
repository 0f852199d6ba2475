"""Values that reach Asterisk files are refused, never cleaned, when they could inject."""

from __future__ import annotations

from collections.abc import Callable

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
def test_hostile_values_are_refused(validator: Callable[[str], None], value: str) -> None:
    with pytest.raises(ValidationError) as error:
        validator(value)
    assert error.value.code in {"asterisk_unsafe", "asterisk_charset"}


def test_message_names_the_forbidden_character() -> None:
    with pytest.raises(ValidationError) as error:
        validate_display_name("Ivan; Petrov")
    assert "forbidden character ;" in str(error.value.messages[0])


@pytest.mark.parametrize("value", ["Иван Петров", "Anna O'Neil", "Agent 1001", "Jean-Luc"])
def test_human_names_in_any_script_pass(value: str) -> None:
    validate_display_name(value)


@pytest.mark.parametrize("value", ["PJSIP/1001", "Local/1001@agents/n", "SIP/trunk-1"])
def test_channel_interfaces_pass(value: str) -> None:
    validate_interface(value)


def test_interface_with_option_injection_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_interface("PJSIP/1001,,Agent")


def test_overlong_identifier_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_identifier("q" * 65)
    assert error.value.code == "asterisk_too_long"


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError):
        validate_time_zone("Mars/Olympus")


def test_known_time_zone_passes() -> None:
    validate_time_zone("Asia/Yekaterinburg")


# --- values people write and Asterisk never reads as they are ------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Smith, John", "«Ромашка»", "O'Brien", "Jean-Luc Picard", "Мария Иванова-Петрова", "AT&T (Moscow)"],
)
def test_real_names_are_accepted(name: str) -> None:
    from callcenter.core.validators import validate_person_name

    validate_person_name(name)


@pytest.mark.parametrize("name", ["Ivan\nPetrov", "Ivan\x00", "tab\there", "abc\u202edcba", "...", "  "])
def test_names_with_control_characters_or_no_letters_are_refused(name: str) -> None:
    from callcenter.core.validators import validate_person_name

    with pytest.raises(ValidationError):
        validate_person_name(name)


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("Smith, John", "Smith John"),
        ("«Ромашка»", "«Ромашка»"),
        ('Evil" <sip:x>', "Evil sip:x"),
        ("a${SHELL(id)}b", "a SHELL id b"),
        ("line\nbreak;x|y&z", "line break x y z"),
        ("x" * 60, "x" * 40),
    ],
)
def test_a_caller_id_name_is_made_safe_when_it_is_sent(name: str, sent: str) -> None:
    from callcenter.core.validators import caller_id_name, find_dangerous

    assert caller_id_name(name) == sent
    assert find_dangerous(sent) is None


def test_a_crm_url_template_fills_in_the_number_encoded() -> None:
    from callcenter.core.validators import render_url_template, validate_url_template

    template = "https://crm.example/find?phone={number}&d={digits}&q={queue}"
    validate_url_template(template)
    assert render_url_template(template, number="+79161110000", digits="79161110000", queue="support") == (
        "https://crm.example/find?phone=%2B79161110000&d=79161110000&q=support"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("ftp://crm.example/{number}", "http:// or https://"),
        ("javascript:alert({number})", "http:// or https://"),
        ("https:///find?{number}", "http:// or https://"),
        ("https://crm.example/{phone}", "Unknown placeholder {phone}"),
        ("https://crm.example/{number!r}", "Unknown placeholder"),
        ("https://crm.example/{number.real}", "Unknown placeholder"),
        ("https://crm.example/{number", "Unbalanced braces"),
        ("https://crm.example/a b", "no spaces"),
        ("https://crm.example/" + "a" * 500, "longer than"),
    ],
)
def test_a_crm_url_template_is_refused_with_the_reason(template: str, message: str) -> None:
    from callcenter.core.validators import validate_url_template

    with pytest.raises(ValidationError) as refused:
        validate_url_template(template)
    assert message in " ".join(refused.value.messages)
