"""Query-count guards of the PBX list endpoints: a page of several rows costs a fixed number of queries, so a
serializer that reads a related row per row (an N+1) fails here."""

from __future__ import annotations

from datetime import date

import pytest
from pytest_django import DjangoAssertNumQueries
from rest_framework.test import APIClient

from callcenter.pbx.models import (
    Destination,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    NodeGroup,
    Queue,
    Schedule,
    Trunk,
)
from tests.factories import AsteriskServerFactory, QueueFactory
from tests.harness.queries import ROWS, api_rows
from tests.pbx.audio_factories import MusicOnHoldFileFactory, PromptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pbx_rows(full_center: Queue) -> None:
    """At least ROWS rows behind every PBX list, each with its related rows filled in."""
    schedule = Schedule.objects.get(name="business-hours")
    sales = Queue.objects.get(name="sales")
    for n in range(ROWS):
        group = NodeGroup.objects.create(name=f"group{n}")
        QueueFactory.create(name=f"line{n}")
        Schedule.objects.create(name=f"hours{n}", time_zone="Europe/Moscow")
        server = AsteriskServerFactory.create(name=f"grouped{n}", group=group)
        Trunk.objects.create(name=f"extra-{n}", host=f"sip{n}.example", server=server)
        Holiday.objects.create(schedule=schedule, date=date(2027, 2, n + 1), name=f"Day {n}")
        menu = IVRMenu.objects.create(name=f"menu{n}", greeting="custom/main-menu", timeout_queue=sales)
        IVROption.objects.create(menu=menu, digit="1", destination=Destination.QUEUE, queue=sales)
        IVROption.objects.create(menu=menu, digit="2", destination=Destination.IVR, ivr=menu)
        InboundRoute.objects.create(
            did=f"7495000100{n}", name=f"Line {n}", destination=Destination.IVR, ivr=menu, schedule=schedule
        )
        PromptFactory.create()
        MusicOnHoldFileFactory.create(moh_class__name=f"calm{n}")


LISTS = [
    ("/api/servers/", 2),
    ("/api/node-groups/", 3),
    ("/api/trunks/", 2),
    ("/api/queues/", 2),
    ("/api/schedules/", 2),
    ("/api/schedule-rules/", 2),
    ("/api/holidays/", 2),
    ("/api/ivr-menus/", 2),
    ("/api/ivr-options/", 2),
    ("/api/inbound-routes/", 2),
    ("/api/prompts/", 2),
    ("/api/moh-classes/", 2),
    ("/api/moh-files/", 2),
]


@pytest.mark.parametrize(("url", "max_queries"), LISTS)
def test_a_list_page_costs_a_fixed_number_of_queries(
    admin_api: APIClient,
    pbx_rows: None,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    max_queries: int,
) -> None:
    assert len(api_rows(admin_api, url, max_queries, django_assert_max_num_queries)) >= ROWS
