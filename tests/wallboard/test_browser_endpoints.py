"""The trunks and phones panel in Debian's chromium: a trunk down and an agent's phone missing are in the
alarm bar and in red in the panel; the trunk's recovery, published by the bridge as a delta, clears it."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connections

from callcenter.live import store
from tests.wallboard.conftest import LiveStore
from tests.wallboard.liveserver import AsgiServer, wallboard_application
from tests.wallboard.pages import page_of
from tests.wallboard.test_trunks import T0, node_snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


def _publish(message: dict[str, Any]) -> None:
    """Publish as the bridge does, from a thread of its own (Playwright's sync API keeps a loop in this one)."""
    worker = threading.Thread(
        target=async_to_sync(get_channel_layer().group_send), args=("live.all", message)
    )
    worker.start()
    worker.join(10)


def test_trunk_and_phone_alarms_show_and_clear(center: dict[str, Any], live_store: LiveStore) -> None:
    from playwright.sync_api import expect

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs its own loop here
    snapshot = node_snapshot()  # carrier1 unreachable, Olga (South) logged in without her phone
    async_to_sync(store.get_store().write_snapshot)("node1", snapshot)
    live_store.set_connected("node1", True)
    server = AsgiServer(wallboard_application())
    base_url = server.start()
    errors: list[str] = []
    try:
        with page_of(base_url, "tina", "/wallboard/", errors) as page:
            alarms = page.locator("#wb-alarms")
            expect(alarms).to_contain_text("Trunk unreachable: carrier1", timeout=15000)
            expect(alarms).to_contain_text(f"Phone not registered: {center['olga'].display_name} (1201)")
            trunk = page.locator('#wb-endpoints tr[data-endpoint="node1/carrier1"]')
            expect(trunk).to_have_attribute("data-status", "unreachable")
            expect(trunk).to_have_class("wb-red")
            expect(page.locator("#wb-phones")).to_have_text("Phones: 0 up, 1 down")

            recovered = {**snapshot["endpoints"]["carrier1"], "status": "reachable", "alarm": None}
            recovered["roundtrip_ms"], recovered["since"] = 19.5, T0 + 60
            _publish(
                {
                    "type": "live.delta",
                    "server": "node1",
                    "seq": 1,
                    "calls": {},
                    "agents": {},
                    "queues": {},
                    "endpoints": {"carrier1": recovered},
                }
            )
            expect(trunk).to_have_attribute("data-status", "reachable", timeout=10000)
            expect(trunk).not_to_have_class("wb-red")
            expect(trunk).to_contain_text("19.5 ms")
            expect(alarms).not_to_contain_text("Trunk unreachable")
            expect(alarms).to_contain_text("Phone not registered")
            assert errors == []
    finally:
        server.stop()
        connections.close_all()
