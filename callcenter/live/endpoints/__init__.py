"""PJSIP trunks and phones in the live state: registration, contacts and qualify, per endpoint
(``callcenter.live.endpoints.reducer``)."""

from callcenter.live.endpoints.lists import EndpointLists, ListClient, read_lists, trunk_names
from callcenter.live.endpoints.reducer import EndpointState
from callcenter.live.endpoints.statuses import (
    ALARMS,
    EVENTS,
    PJSIP_PREFIX,
    REGISTRATION_STATUSES,
    REGISTRATION_SUFFIX,
    STATUSES,
)
from callcenter.live.messages import ContactView, EndpointView, RegistrationView

__all__ = [
    "ALARMS",
    "EVENTS",
    "PJSIP_PREFIX",
    "REGISTRATION_STATUSES",
    "REGISTRATION_SUFFIX",
    "STATUSES",
    "ContactView",
    "EndpointLists",
    "EndpointState",
    "EndpointView",
    "ListClient",
    "RegistrationView",
    "read_lists",
    "trunk_names",
]
