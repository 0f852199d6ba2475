"""Role checks shared by views, the API and consumers (defined in callcenter.core.roles)."""

from callcenter.core.roles import (
    CONFIG_READERS,
    LIVE_WATCHERS,
    PAYROLL_READERS,
    REPORT_READERS,
    Role,
    has_role,
    role_of,
)

__all__ = [
    "CONFIG_READERS",
    "LIVE_WATCHERS",
    "PAYROLL_READERS",
    "REPORT_READERS",
    "Role",
    "has_role",
    "role_of",
]
