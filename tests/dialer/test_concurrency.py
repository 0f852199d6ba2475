"""Safety with several workers at once, each on its own PostgreSQL connection."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.db import connection, transaction
from pytest_django import Settings

from callcenter.dialer import actions
from callcenter.dialer.loop import CampaignLock
from callcenter.dialer.models import Attempt, Lead
from callcenter.dialer.transport import AMIClientTransport
from tests.dialer.conftest import NOON, make_campaign, make_leads
from tests.factories import AsteriskServerFactory
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

T = TypeVar("T")

WORKERS = 4


def run_workers(target: Callable[[int], T], count: int = WORKERS) -> list[T]:
    """Run ``target(index)`` in threads that start together; each thread closes its own DB connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def body(index: int) -> None:
        try:
            barrier.wait(10)
            results[index] = target(index)
        except BaseException as exc:  # re-raised in the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if errors:
        raise errors[0]
    return results


@pytest.mark.django_db(transaction=True)
def test_each_lead_is_claimed_by_exactly_one_worker() -> None:
    campaign = make_campaign()
    make_leads(campaign, 120)

    def claim_all(index: int) -> list[int]:
        mine: list[int] = []
        while True:
            with transaction.atomic():
                batch = actions.claim_leads(campaign, 3, f"w{index}", NOON)
            if not batch:
                return mine
            mine.extend(lead.pk for lead in batch)

    claimed = [pk for batch in run_workers(claim_all) for pk in batch]
    assert len(claimed) == 120
    assert len(set(claimed)) == 120
    assert set(Lead.objects.values_list("locked_by", flat=True)) <= {f"w{n}" for n in range(WORKERS)}


@pytest.mark.django_db(transaction=True)
def test_concurrent_dialers_originate_each_lead_once() -> None:
    campaign = make_campaign()
    make_leads(campaign, 24)
    node = AsteriskServerFactory(name="pbx1")
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()

        def dial_all(index: int) -> int:
            transport = AMIClientTransport(node)
            total = 0
            while sent := actions.dial(campaign, 2, transport, worker=f"w{index}", now=NOON):
                total += sent
            return total

        sent = run_workers(dial_all)
    originated = Counter(message["Channel"] for message in server.named("Originate"))
    assert sum(sent) == 24
    assert len(originated) == 24
    assert set(originated.values()) == {1}
    action_ids = [message["ActionID"] for message in server.named("Originate")]
    assert sorted(action_ids) == sorted(f"dialer-{pk}" for pk in Attempt.objects.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_of_the_same_file_import_each_number_once() -> None:
    campaign = make_campaign()
    data = ("phone\n" + "".join(f"8495{1000000 + n:07d}\n" for n in range(50))).encode()

    def upload(index: int) -> int:
        _list, preview = actions.import_contacts(None, campaign, data, f"copy{index}.csv", {"phone": "phone"})
        return preview.good_count

    imported = run_workers(upload)
    assert sum(imported) == 50
    assert Lead.objects.count() == 50


def test_only_one_worker_paces_a_campaign_at_a_time(settings: Settings) -> None:
    assert settings.REDIS_URL, "the pacing lock is a Redis lock"
    first, second = CampaignLock(987654, ttl_s=30), CampaignLock(987654, ttl_s=30)
    assert first.acquire()
    try:
        assert not second.acquire()
    finally:
        first.release()
    assert second.acquire()
    second.release()
