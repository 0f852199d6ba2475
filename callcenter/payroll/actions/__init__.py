"""The one place that writes payroll records: session corrections, closing and re-opening periods.

Every write is validated here and audited through callcenter.audit.actions.record. A correction that
touches a day of a closed period is refused until the period is explicitly re-opened.
"""

from callcenter.payroll.actions.corrections import correct_session
from callcenter.payroll.actions.guards import MAX_REASON, PeriodClosedError
from callcenter.payroll.actions.periods import close_period, reopen_period

__all__ = ["MAX_REASON", "PeriodClosedError", "close_period", "correct_session", "reopen_period"]
