"""The agent page in Debian's chromium with the simulator running: an agent logs in to a queue, pauses
with a reason, comes back and logs out, seeing each state change; and works their callback list."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

import pytest
from playwright.sync_api import Page

from callcenter.agents.models import Agent
from callcenter.audit.models import AuditEntry
from callcenter.stats.models import Callback
from tests.factories import (
    AgentFactory,
    CallbackFactory,
    ContactFactory,
    PauseReasonFactory,
    QueueMembershipFactory,
    UserFactory,
)
from tests.wallboard import test_browser as board_browser
from tests.wallboard.pages import DESK_SCREEN, page_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

# The board's browser tests run the simulator, the AMI bridge and uvicorn: the same center here.
simulator_conf = board_browser.simulator_conf
running_center = board_browser.running_center


@pytest.fixture
def kate(running_center: dict[str, Any]) -> Agent:
    """An agent of team North with her own account, a dynamic member of support and not logged in."""
    user = UserFactory(username="kate", role="agent")
    agent = AgentFactory(
        extension="1003",
        member_name="Agent 1003",
        interface="Local/1003@agents/n",
        team=running_center["north"],
        user=user,
    )
    QueueMembershipFactory(agent=agent, queue=running_center["support"])
    return agent


def _kates_page(base_url: str, errors: list[str]) -> AbstractContextManager[Page]:
    """Kate's agent page, in a window of an agent's desk size."""
    return page_of(base_url, "kate", "/wallboard/agent/", errors, DESK_SCREEN)


def test_agent_logs_in_pauses_unpauses_and_logs_out(running_center: dict[str, Any], kate: Agent) -> None:
    from playwright.sync_api import expect

    PauseReasonFactory(code="lunch", label="Lunch")
    errors: list[str] = []
    with _kates_page(running_center["base_url"], errors) as page:
        state = page.locator("#wb-my-state")
        expect(state).to_have_attribute("data-state", "logged out", timeout=10000)

        page.locator('tr[data-queue="support"] button[value="login"]').click()
        expect(page.locator(".messages")).to_contain_text("Logged in to support.")
        expect(state).to_have_attribute("data-state", "idle", timeout=15000)

        pause = page.locator('form[action$="/agent/pause/"]').filter(has=page.locator('input[value="1"]'))
        pause.locator('select[name="reason"]').select_option("lunch")
        pause.locator('button[type="submit"]').click()
        expect(page.locator(".messages")).to_contain_text("Paused.")
        expect(state).to_have_attribute("data-state", "paused", timeout=15000)
        expect(page.locator("#wb-my-reason")).to_have_text("(lunch)")

        unpause = page.locator('form[action$="/agent/pause/"]').filter(has=page.locator('input[value="0"]'))
        unpause.locator('button[type="submit"]').click()
        expect(page.locator(".messages")).to_contain_text("Unpaused.")
        expect(state).to_have_attribute("data-state", "idle", timeout=15000)

        page.locator('tr[data-queue="support"] button[value="logout"]').click()
        expect(page.locator(".messages")).to_contain_text("Logged out of support.")
        expect(state).to_have_attribute("data-state", "logged out", timeout=15000)
        assert errors == []
    actions = set(AuditEntry.objects.filter(actor=kate.user).values_list("action", flat=True))
    assert {
        "wallboard.queue_add",
        "wallboard.pause",
        "wallboard.unpause",
        "wallboard.queue_remove",
    } <= actions


def test_agent_takes_and_closes_a_callback(running_center: dict[str, Any], kate: Agent) -> None:
    from playwright.sync_api import expect

    entry = CallbackFactory(number="+79161110002", team=running_center["north"], status="assigned")
    ContactFactory(phone="+79161110002", name="Pavel Orlov")
    errors: list[str] = []
    with _kates_page(running_center["base_url"], errors) as page:
        row = page.locator(f'#wb-my-callbacks tr[data-callback="{entry.pk}"]')
        expect(row).to_contain_text("+79161110002")
        expect(row).to_contain_text("Pavel Orlov")
        expect(row).to_contain_text("support")
        expect(row).to_have_attribute("data-mine", "0")

        row.locator('button[value="take"]').click()
        expect(page.locator(".messages")).to_contain_text("The callback to +79161110002 is yours.")
        expect(row).to_have_attribute("data-mine", "1")

        row.locator('select[name="outcome"]').select_option("called_back")
        row.locator('input[name="note"]').fill("agreed a visit")
        row.locator('button[value="close"]').click()
        expect(page.locator(".messages")).to_contain_text("The callback to +79161110002 is closed.")
        expect(row).to_have_count(0)
        expect(page.locator("#wb-my-callbacks")).to_contain_text("No callbacks for you or your team.")
        assert errors == []
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.note, entry.closed_agent) == (
        Callback.Status.CLOSED,
        "called_back",
        "agreed a visit",
        "Agent 1003",
    )
    closed = AuditEntry.objects.get(action="stats.callback_closed")
    assert (closed.actor, closed.changes["outcome"]) == (kate.user, "called_back")
