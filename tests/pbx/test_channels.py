"""ChanSpy prefixes match the channels of exactly one queue-member interface."""

from __future__ import annotations

import pytest

from callcenter.pbx.channels import spy_prefix, state_interface


def chanspy_matches(prefix: str, channel: str) -> bool:
    """ChanSpy's test of a channel against its first argument: a prefix, compared without regard to case."""
    return channel.lower().startswith(prefix.lower())


@pytest.mark.parametrize(
    ("interface", "prefix"),
    [
        ("PJSIP/1001", "PJSIP/1001-"),
        ("PJSIP/101@carrier-a", "PJSIP/carrier-a-"),
        ("Local/1001@agents/n", "Local/1001@agents-"),
        ("Local/1001@agents", "Local/1001@agents-"),
        ("Local/1001", "Local/1001@default-"),
        ("SIP/1001", "SIP/1001-"),
    ],
)
def test_prefix_ends_where_the_channel_sequence_begins(interface: str, prefix: str) -> None:
    assert spy_prefix(interface) == prefix


def test_pjsip_1001_does_not_match_the_channel_of_10011() -> None:
    prefix = spy_prefix("PJSIP/1001")
    assert chanspy_matches(prefix, "PJSIP/1001-0000001a")
    assert not chanspy_matches(prefix, "PJSIP/10011-0000001a")


def test_local_member_matches_both_halves_of_its_own_channel_only() -> None:
    prefix = spy_prefix("Local/1001@agents/n")
    assert chanspy_matches(prefix, "Local/1001@agents-0000000c;1")
    assert chanspy_matches(prefix, "Local/1001@agents-0000000c;2")
    assert not chanspy_matches(prefix, "Local/10011@agents-0000000d;2")
    assert not chanspy_matches(prefix, "Local/1001@agents2-0000000e;2")


@pytest.mark.parametrize(
    ("interface", "device"),
    [
        ("PJSIP/1001", "PJSIP/1001"),  # a phone is its own device: ringing and in use come from it
        ("Local/1001@agents/n", "Local/1001@agents"),  # as s04 added a Local member
        ("Local/1001@agents", "Local/1001@agents"),
    ],
)
def test_the_state_interface_is_the_device_of_the_member(interface: str, device: str) -> None:
    assert state_interface(interface) == device
