"""The one place that acts for the wallboard: spy sessions, pausing and logging agents in and out, the
agent's callbacks, pause alerts and contacts.

Every action is authorised (whoever calls it: a view, a consumer or a test), sent to Asterisk through
the AMI client, audited with its result, and never changes the live state itself: the board moves only
when the resulting AMI events come back through the bridge. Each concern has its module; the public
functions are re-exported here.
"""

from callcenter.wallboard.actions.authz import can_supervise
from callcenter.wallboard.actions.callbacks import close_own_callback, dial_callback, take_callback
from callcenter.wallboard.actions.contact_import import (
    ContactImportError,
    ContactImportResult,
    ContactRowError,
    import_contacts,
)
from callcenter.wallboard.actions.contacts import delete, save, save_contact
from callcenter.wallboard.actions.errors import ActionResult, WallboardActionError
from callcenter.wallboard.actions.membership import (
    agent_login,
    agent_logout,
    login_agent,
    remove_from_queue,
    server_for,
)
from callcenter.wallboard.actions.pause_alerts import alert_long_pauses
from callcenter.wallboard.actions.pausing import agent_pause, pause_agent
from callcenter.wallboard.actions.spy import end_spy, start_spy
from callcenter.wallboard.actions.spy_events import observe_spy_event

__all__ = [
    "ActionResult",
    "ContactImportError",
    "ContactImportResult",
    "ContactRowError",
    "WallboardActionError",
    "agent_login",
    "agent_logout",
    "agent_pause",
    "alert_long_pauses",
    "can_supervise",
    "close_own_callback",
    "delete",
    "dial_callback",
    "end_spy",
    "import_contacts",
    "login_agent",
    "observe_spy_event",
    "pause_agent",
    "remove_from_queue",
    "save",
    "save_contact",
    "server_for",
    "start_spy",
    "take_callback",
]
