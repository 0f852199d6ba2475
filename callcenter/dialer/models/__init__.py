"""Outbound campaigns: contact lists, leads, do-not-call entries, dial attempts and agent dispositions."""

from callcenter.dialer.models.agent_state import DialerAgentState
from callcenter.dialer.models.attempt import AgentDisposition, Attempt
from callcenter.dialer.models.campaign import Campaign
from callcenter.dialer.models.choices import Mode, Outcome
from callcenter.dialer.models.dnc import DNCEntry
from callcenter.dialer.models.lead import ContactList, Lead
from callcenter.dialer.models.rules import (
    RETRYABLE_OUTCOMES,
    WEEKDAYS,
    default_call_windows,
    default_retry_rules,
)

__all__ = [
    "RETRYABLE_OUTCOMES",
    "WEEKDAYS",
    "AgentDisposition",
    "Attempt",
    "Campaign",
    "ContactList",
    "DNCEntry",
    "DialerAgentState",
    "Lead",
    "Mode",
    "Outcome",
    "default_call_windows",
    "default_retry_rules",
]
