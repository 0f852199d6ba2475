"""Reading the endpoint events' fields: round-trip times, a contact's AOR from its sorcery id, the trunks
among the node's devices, and AMI numbers and durations that may be empty or malformed."""

from __future__ import annotations

import pytest

from callcenter.live.endpoints.lists import trunk_names
from callcenter.live.endpoints.records import aor_of, roundtrip_us
from callcenter.live.state.fields import clock, to_float, to_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [("20500", 20500), ("0", 0), ("N/A", None), ("", None), (None, None), ("-5", None), ("1.5", None)],
)
def test_a_roundtrip_is_whole_microseconds_or_unknown(value: str | None, expected: int | None) -> None:
    assert roundtrip_us(value) == expected


@pytest.mark.parametrize(
    ("object_name", "aor"),
    [
        pytest.param("1001;@9a7c", "1001", id="a-registered-contact"),
        pytest.param("carrier@@4e1b", "carrier", id="a-static-contact"),
        pytest.param("carrier", "carrier", id="no-hash"),
        pytest.param("a;@b@@c", "a", id="the-first-separator-wins"),
    ],
)
def test_a_contacts_sorcery_id_names_its_aor(object_name: str, aor: str) -> None:
    assert aor_of(object_name) == aor


def test_the_trunks_are_the_pjsip_devices_of_the_node() -> None:
    devices = {
        "PJSIP/carrier": "carrier",
        "PJSIP/backup": "backup",
        "IAX2/old": "old",
        "SIP/legacy": "legacy",
    }

    assert trunk_names(devices) == frozenset({"carrier", "backup"})
    assert trunk_names({}) == frozenset()


@pytest.mark.parametrize(("value", "expected"), [("42", 42), ("", 7), (None, 7), ("4.5", 7), ("x", 7)])
def test_a_number_header_falls_back_to_the_default(value: str | None, expected: int) -> None:
    assert to_int(value, 7) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("2.5", 2.5), ("3", 3.0), ("", None), (None, None), ("n/a", None)]
)
def test_a_decimal_header_is_unknown_when_unreadable(value: str | None, expected: float | None) -> None:
    assert to_float(value) == expected


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("00:01:02", 62.0), ("01:00:00", 3600.0), ("45", 45.0), ("", 0.0), (None, 0.0), ("00:xx:05", 5.0)],
)
def test_a_channel_duration_reads_as_seconds(duration: str | None, seconds: float) -> None:
    assert clock(duration) == seconds
