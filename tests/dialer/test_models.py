"""Campaign rules: call windows in the callee's zone, retry rules and their validation."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from callcenter.dialer.models import Campaign
from tests.dialer.conftest import NOON


def test_window_is_evaluated_in_the_callees_zone() -> None:
    campaign = Campaign(name="c", caller_id="+74950000000")
    assert campaign.window_open(NOON, "Europe/Moscow")  # 12:00
    assert campaign.window_open(NOON, "Asia/Novosibirsk")  # 16:00
    assert not campaign.window_open(NOON, "Asia/Kamchatka")  # 21:00, the window closes at 21:00
    assert not campaign.window_open(NOON, "America/New_York")  # 04:00


def test_window_uses_the_callees_weekday() -> None:
    campaign = Campaign(name="c", caller_id="+74950000000", call_windows={"mon": [["06:00", "21:00"]]})
    sunday_evening_moscow = dt.datetime(2026, 11, 22, 23, 30, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
    # Already Monday 06:30 in Vladivostok.
    assert campaign.window_open(sunday_evening_moscow, "Asia/Vladivostok")
    assert not campaign.window_open(sunday_evening_moscow, "Europe/Moscow")


def test_a_lead_with_several_zones_must_be_inside_the_window_in_all_of_them() -> None:
    campaign = Campaign(name="c", caller_id="+74950000000")
    assert not campaign.window_open(NOON, "Europe/Moscow Asia/Kamchatka")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("call_windows", {"mon": [["21:00", "09:00"]]}),
        ("call_windows", {"monday": [["09:00", "21:00"]]}),
        ("retry_rules", {"busy": {"delay_min": -1, "max": 3}}),
        ("retry_rules", {"fax": {"delay_min": 1, "max": 3}}),
    ],
)
def test_bad_rules_are_refused(
    db: None, field: str, value: dict[str, list[list[str]]] | dict[str, dict[str, int]]
) -> None:
    campaign = Campaign(name="c", caller_id="+74950000000", **{field: value})
    with pytest.raises(ValidationError) as excinfo:
        campaign.full_clean()
    assert field in excinfo.value.message_dict


def test_caller_id_cannot_smuggle_dialplan_characters(db: None) -> None:
    with pytest.raises(ValidationError):
        Campaign(name="c", caller_id="123,Hangup()").full_clean()


def test_default_target_abandon_rate_is_three_percent() -> None:
    assert Campaign().target_abandon_pct == 3.0
