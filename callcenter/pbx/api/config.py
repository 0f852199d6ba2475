"""The PBX objects served as plain CRUD: one row per object gives its route, serializer and viewset."""

from __future__ import annotations

from callcenter.core.roles import CONFIG_READERS, Role
from callcenter.pbx.api.base import ConfigEndpoint
from callcenter.pbx.models import (
    AsteriskServer,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    MusicOnHoldClass,
    Queue,
    Schedule,
    ScheduleRule,
    Trunk,
)

_ADMIN = (Role.ADMIN,)
ENDPOINTS = (
    ConfigEndpoint(
        "servers",
        "server",
        AsteriskServer,
        "Asterisk nodes. Admins only: the AMI credentials live here.",
        _ADMIN,
        ("ami_secret",),
    ),
    ConfigEndpoint("trunks", "trunk", Trunk, "SIP trunks.", _ADMIN, ("secret",)),
    ConfigEndpoint(
        "queues",
        "queue",
        Queue,
        "Queues; supervisors see their teams' queues, agents their own.",
        (*CONFIG_READERS, Role.AGENT),
    ),
    ConfigEndpoint("schedules", "schedule", Schedule, "Business-hours schedules."),
    ConfigEndpoint("schedule-rules", "schedule-rule", ScheduleRule, "Opening hours of a schedule."),
    ConfigEndpoint(
        "holidays",
        "holiday",
        Holiday,
        "Holidays of a schedule (also read by payroll for holiday work).",
        (*CONFIG_READERS, Role.PAYROLL),
    ),
    ConfigEndpoint("ivr-menus", "ivr-menu", IVRMenu, "IVR menus."),
    ConfigEndpoint("ivr-options", "ivr-option", IVROption, "Keys of IVR menus."),
    ConfigEndpoint(
        "inbound-routes", "inbound-route", InboundRoute, "Inbound numbers and their destinations."
    ),
    ConfigEndpoint(
        "moh-classes",
        "moh-class",
        MusicOnHoldClass,
        "Music on hold classes: queues name one in ``music_class``; each plays the files uploaded to it.",
    ),
)
ROUTES = tuple(endpoint.route() for endpoint in ENDPOINTS)
