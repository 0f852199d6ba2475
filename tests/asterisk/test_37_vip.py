"""VIP routing: a contact's tier, pushed into the node's AstDB over AMI, decides in the dialplan.

Every member of the vip queue is paused there, so its callers wait. An ordinary caller comes first, a
VIP caller later; Asterisk puts the VIP caller at the head of the queue (QUEUE_PRIO), and the first agent
who becomes free answers the VIP caller. The decision needs nothing but AstDB at call time: the control
plane's own record of the contact's tier is gone by then. A tier with a queue of its own sends its callers
there from another queue's route. Only agent 1001 takes a call here, in the ringall queue vip, so no
later scenario's choice of agent changes (sales picks the least recent member; 1001 is not in sales).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.asterisk.conftest import (
    SALES_DID,
    VIP_DID,
    Center,
    assert_live_equals_asterisk,
    log_mark,
    pause,
    paused_in,
    queue_entries,
    wait_idle,
    wait_log,
    waiting_for,
)
from tests.asterisk.node import wait_until

VIP_MEMBERS = ["1001", "1002", "1009", "1010"]
ORDINARY = "79161110370"
VIP = "+79161110037"  # the trunk sends 79161110037 or 89161110037


def astdb(center: Center) -> dict[str, str]:
    """The node's cc-vip family, as the CLI shows it (``/cc-vip/<key>   : <value>``)."""
    rows = {}
    for line in center.node.cli("database show cc-vip").splitlines():
        if line.startswith("/cc-vip/") and ":" in line:
            key, value = line.split(":", 1)
            rows[key.strip().removeprefix("/cc-vip/")] = value.strip()
    return rows


@pytest.fixture(scope="module")
def vip_paused(center: Center) -> Iterator[None]:
    """Every member of the vip queue paused in vip only: its callers wait."""
    with paused_in(center, "vip", VIP_MEMBERS):
        yield


@pytest.fixture(scope="module")
def vip_contact(center: Center) -> Iterator[Any]:
    """A VIP contact saved through the actions: the save pushes its keys to the node over AMI."""
    from callcenter.wallboard import actions, vip
    from callcenter.wallboard.models import Contact, ContactTier

    contact = actions.save(None, Contact(phone="8 916 111-00-37", name="Vera VIP", tier=None))
    contact.tier = ContactTier.objects.get(code="vip")
    actions.save(None, contact)
    yield contact
    for stale in Contact.objects.filter(phone=VIP):
        actions.delete(None, stale)
    vip.sync(None, [center.server.name])
    assert astdb(center) == {}


def test_saving_a_vip_contact_pushes_its_keys_to_the_node(center: Center, vip_contact: Any) -> None:
    assert vip_contact.phone == VIP
    assert astdb(center) == {"+79161110037": "10", "79161110037": "10", "89161110037": "10"}


def _two_callers(center: Center, vip_number: str) -> tuple[Any, Any, Any, Any]:
    """An ordinary caller waits in vip, then the VIP caller joins; both wait (every member paused)."""
    mark = log_mark(center)
    ordinary, _ = center.call(VIP_DID, ORDINARY)
    first = wait_log(center, "ENTERQUEUE", queue="vip", after=mark)
    wait_until(lambda: waiting_for(center, first.callid) >= 1, 10, "the ordinary caller to wait")
    mark = log_mark(center)
    special, _ = center.call(VIP_DID, vip_number)
    second = wait_log(center, "ENTERQUEUE", queue="vip", after=mark)
    assert second.data[1] == vip_number
    return ordinary, first, special, second


def test_a_vip_caller_who_comes_later_is_answered_first(
    center: Center, vip_contact: Any, vip_paused: None
) -> None:
    start = len(center.node.log_lines())
    ordinary, first, special, second = _two_callers(center, "79161110037")
    entries = queue_entries(center, "vip")
    assert (entries[second.callid]["Position"], entries[first.callid]["Position"]) == ("1", "2")
    assert_live_equals_asterisk(center)

    mark = log_mark(center)
    pause("1001", "vip", paused=False)  # one agent becomes free
    try:
        connect = wait_log(center, "CONNECT", queue="vip", after=mark, timeout=30)
        assert connect.callid == second.callid
        assert first.callid in queue_entries(center, "vip")  # the ordinary caller, first in, still waits
    finally:
        pause("1001", "vip")
    special.hangup()
    wait_log(center, "COMPLETECALLER", callid=second.callid)
    center.driven.answer("vip", connect.agent)
    ordinary.hangup()
    wait_log(center, "ABANDON", callid=first.callid)
    center.driven.miss("vip", "abandoned")
    wait_idle(center)
    assert_live_equals_asterisk(center)
    assert center.node.problems(start) == []  # the lookup of both callers logged no warning


def test_the_decision_needs_only_the_data_in_astdb(
    center: Center, vip_contact: Any, vip_paused: None
) -> None:
    """The control plane forgets the contact's tier (no push): the node still serves the caller as VIP,
    from the key pushed before. The caller's number arrives in the national form this time."""
    from callcenter.wallboard.models import Contact

    Contact.objects.filter(pk=vip_contact.pk).update(tier=None)
    assert astdb(center)["89161110037"] == "10"
    ordinary, first, special, second = _two_callers(center, "89161110037")
    entries = queue_entries(center, "vip")
    assert (entries[second.callid]["Position"], entries[first.callid]["Position"]) == ("1", "2")
    for phone, enter in ((special, second), (ordinary, first)):
        phone.hangup()
        wait_log(center, "ABANDON", callid=enter.callid)
        center.driven.miss("vip", "abandoned")
    wait_idle(center)
    assert_live_equals_asterisk(center)


def test_a_tier_with_its_own_queue_sends_its_callers_there(
    center: Center, vip_contact: Any, vip_paused: None
) -> None:
    from callcenter.pbx.models import Queue
    from callcenter.wallboard import actions
    from callcenter.wallboard.models import Contact, ContactTier

    vip_queue = Queue.objects.get(name="vip")
    gold = actions.save(None, ContactTier(code="gold37", name="Gold", priority=20, queue=vip_queue))
    contact = Contact.objects.get(pk=vip_contact.pk)
    contact.tier = gold
    actions.save(None, contact)
    assert astdb(center)["79161110037"] == "20:vip"
    try:
        start, mark = len(center.node.log_lines()), log_mark(center)
        caller, _ = center.call(SALES_DID, "79161110037")  # the sales line
        enter = wait_log(center, "ENTERQUEUE", after=mark)
        assert (enter.queue, enter.data[1]) == ("vip", "79161110037")
        assert queue_entries(center, "sales") == {}
        caller.hangup()
        wait_log(center, "ABANDON", callid=enter.callid)
        center.driven.miss("vip", "abandoned")
        wait_idle(center)
        assert_live_equals_asterisk(center)
        assert center.node.problems(start) == []
    finally:
        actions.delete(None, gold)
    assert "79161110037" not in astdb(center)
