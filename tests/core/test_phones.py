"""One normalisation of phone numbers to E.164, shared by callers, contacts, callbacks and the dialer."""

from __future__ import annotations

import pytest
from pytest_django import Settings

from callcenter.core.env import ImproperlyConfiguredEnv, validate_phone_region
from callcenter.core.phones import (
    MAX_NUMBER_LENGTH,
    BadNumber,
    default_region,
    digits,
    is_region,
    normalise_phone,
    phone_key,
)


@pytest.mark.parametrize(
    "written", ["79161110000", "89161110000", "+79161110000", "8 (916) 111-00-00", "+7 916 111 00 00"]
)
def test_every_written_form_of_a_russian_mobile_is_one_e164_number(written: str) -> None:
    assert normalise_phone(written) == "+79161110000"
    assert phone_key(written) == "+79161110000"


def test_a_foreign_number_keeps_its_country() -> None:
    assert normalise_phone("+1 212 555 0199") == "+12125550199"


def test_the_default_region_is_a_setting(settings: Settings) -> None:
    settings.PHONE_DEFAULT_REGION = "DE"
    assert default_region() == "DE"
    assert normalise_phone("030 123456") == "+4930123456"


@pytest.mark.parametrize("raw", ["", "   ", "12345", "not a number", "+7" + "9" * 40])
def test_what_is_no_valid_number_is_refused(raw: str) -> None:
    with pytest.raises(BadNumber):
        normalise_phone(raw)


def test_a_number_that_is_not_valid_keeps_its_digits_as_its_key() -> None:
    # Internal extensions and test numbers still match themselves.
    assert phone_key("555-10-02") == "5551002"
    assert phone_key("") == ""
    assert digits("+7 (916) 111") == "7916111"


def test_the_region_setting_is_checked_at_start() -> None:
    assert validate_phone_region(" ru ") == "RU"
    with pytest.raises(ImproperlyConfiguredEnv, match="PHONE_DEFAULT_REGION"):
        validate_phone_region("XX")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param("   ", "the number is empty", id="blank"),
        pytest.param("12345", "“12345” is not a valid number", id="too-short"),
        pytest.param("+7" + "9" * 40, "“+7" + "9" * 38 + "” is too long for a phone number", id="too-long"),
    ],
)
def test_a_refused_number_says_why(raw: str, reason: str) -> None:
    with pytest.raises(BadNumber) as refused:
        normalise_phone(raw)
    assert str(refused.value) == reason


def test_an_overlong_number_keeps_only_as_many_digits_as_a_number_may_have() -> None:
    assert phone_key("+7" + "9" * 40) == "7" + "9" * (MAX_NUMBER_LENGTH - 1)


def test_a_number_is_read_in_the_region_asked_for_over_the_default() -> None:
    assert normalise_phone("030 123456", region="DE") == "+4930123456"
    assert phone_key("030 123456", region="DE") == "+4930123456"
    assert phone_key("030 123456") == "030123456"


@pytest.mark.parametrize(("region", "known"), [("RU", True), ("DE", True), ("XX", False), ("ru", False)])
def test_only_the_region_codes_phonenumbers_knows_are_regions(region: str, known: bool) -> None:
    assert is_region(region) is known
