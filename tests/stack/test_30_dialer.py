"""A progressive campaign on the deployed stack: the dialer worker originates through the node, customers on
the trunk answer, answered calls reach an agent's phone, and every attempt settles with an outcome that the
campaign's abandon rate is computed from."""

from __future__ import annotations

from tests.stack.conftest import Stack, wait_stack

CUSTOMERS = ["+79165550101", "+79165550102", "+79165550103"]


def test_a_progressive_campaign_dials_customers_and_reaches_agents(stack: Stack) -> None:
    from callcenter.agents.models import Agent
    from callcenter.dialer import actions as dialer
    from callcenter.dialer.metrics import campaign_metrics
    from callcenter.dialer.models import Attempt, Campaign, DialerAgentState

    customers = stack.phones["carrier"]  # the trunk's far end answers every call
    campaign = Campaign.objects.get(name="demo-outbound")
    csv = "phone,name\n" + "".join(f"{number},Customer {n}\n" for n, number in enumerate(CUSTOMERS, 1))
    _list, preview = dialer.import_contacts(
        None, campaign, csv.encode(), "customers.csv", {"phone": "phone", "name": "name"}
    )
    assert preview.good_count == len(CUSTOMERS) and not preview.errors
    for extension in ("1001", "1002"):
        dialer.set_agent_status(
            Agent.objects.get(extension=extension), DialerAgentState.Status.READY, campaign=campaign
        )
    dialer.set_campaign_status(None, campaign, Campaign.Status.RUNNING)
    try:
        # Beat asks the dialer worker every 30 s; the worker paces, originates and the bridge's events settle.
        wait_stack(
            stack,
            lambda: Attempt.objects.filter(campaign=campaign, answered_at__isnull=False).exists(),
            90,
            "a customer to answer a dialer call",
        )
        answered = Attempt.objects.filter(campaign=campaign, answered_at__isnull=False).first()
        assert answered is not None
        wait_stack(
            stack,
            lambda: Attempt.objects.filter(pk=answered.pk, agent__isnull=False).exists(),
            30,
            "the answered customer to reach an agent",
        )
    finally:
        dialer.set_campaign_status(None, campaign, Campaign.Status.PAUSED)
    customers.send("ha")  # the customers hang up
    wait_stack(
        stack,
        lambda: not Attempt.objects.filter(campaign=campaign, outcome="").exists(),
        60,
        "every attempt to settle with an outcome",
    )
    metrics = campaign_metrics(campaign)
    today = metrics["today"]
    attempts = Attempt.objects.filter(campaign=campaign)
    assert today["dialed"] == attempts.count() > 0
    assert today["answered"] == attempts.filter(answered_at__isnull=False).count()
    assert today["abandoned"] == attempts.filter(abandoned=True).count()
