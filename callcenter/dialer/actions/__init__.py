"""The one place that writes the dialer's data, by concern: campaigns, contacts, agents, dialing, pacing,
preview, attempts (from AMI events), dispositions and callbacks. Reads live beside it (``eligibility``,
``importing``, ``measure``, ``metrics``, ``export``).

Safety rules enforced here (and tested with concurrent workers against PostgreSQL):
* a lead is claimed by one worker only (``SELECT ... FOR UPDATE SKIP LOCKED``);
* an Originate carries ``dialer-<attempt id>`` as its ActionID and is never re-sent: a lost link marks the
  attempt unknown, and later events (OriginateResponse, Hangup or Cdr with the account code) settle it;
* nothing is dialled outside the callee's call window, to a do-not-call number, beyond a cap, without the
  AMI link or without a logged-in agent;
* an answered call not bridged within ``BRIDGE_GRACE_S`` is abandoned and not recalled for 72 hours.
"""

from callcenter.dialer.actions.agents import join_campaign, leave_dialer, set_agent_status
from callcenter.dialer.actions.attempts import ACTION_ID_PREFIX, handle_event, on_bridged, settle_unknown
from callcenter.dialer.actions.callbacks import feed_callbacks, follow_callback
from callcenter.dialer.actions.campaigns import delete, save, set_campaign_status
from callcenter.dialer.actions.contacts import add_dnc, import_contacts
from callcenter.dialer.actions.dialing import claim_leads, dial, send_attempt
from callcenter.dialer.actions.dispositions import record_disposition
from callcenter.dialer.actions.pacing import pacing_tick, record_pacing_gain
from callcenter.dialer.actions.preview import dial_preview, next_preview_lead

__all__ = [
    "ACTION_ID_PREFIX",
    "add_dnc",
    "claim_leads",
    "delete",
    "dial",
    "dial_preview",
    "feed_callbacks",
    "follow_callback",
    "handle_event",
    "import_contacts",
    "join_campaign",
    "leave_dialer",
    "next_preview_lead",
    "on_bridged",
    "pacing_tick",
    "record_disposition",
    "record_pacing_gain",
    "save",
    "send_attempt",
    "set_agent_status",
    "set_campaign_status",
    "settle_unknown",
]
