"""The payroll figures of a period as built: the report, its employees, their days and sessions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# T-13 letter codes, written in Cyrillic as 1C expects them.
CODE_DAY = "Я"
CODE_NIGHT = "Н"  # noqa: RUF001
CODE_OFF = "В"  # noqa: RUF001
CODE_HOLIDAY = "РВ"  # noqa: RUF001

SCORES = (1, 2, 3, 4, 5)


class PayrollError(ValueError):
    """The export cannot be built as asked (bad period, unknown time zone or schedule)."""


@dataclass
class TimeCode:
    """One T-13 code of a day with the seconds it covers."""

    code: str
    seconds: int


@dataclass(kw_only=True)
class WorkedTime:
    """The seconds logged in, worked (at night among them) and paused, of a day or of a whole period."""

    logged_in_s: int = 0
    worked_s: int = 0
    night_s: int = 0
    pause_paid_s: int = 0
    pause_unpaid_s: int = 0

    def add(self, other: WorkedTime) -> None:
        """Count ``other``'s seconds into these."""
        self.logged_in_s += other.logged_in_s
        self.worked_s += other.worked_s
        self.night_s += other.night_s
        self.pause_paid_s += other.pause_paid_s
        self.pause_unpaid_s += other.pause_unpaid_s


@dataclass
class Day(WorkedTime):
    """One calendar day of one employee in the center's time zone."""

    date: dt.date
    holiday: bool
    codes: list[TimeCode] = field(default_factory=list)


@dataclass
class SessionRow:
    """A logged-in interval as counted, with where it came from."""

    server: str
    queue: str
    interface: str
    started_at: dt.datetime
    ended_at: dt.datetime
    source: str  # "pbx", "corrected" or "activity"
    open: bool
    original_started_at: dt.datetime | None = None
    original_ended_at: dt.datetime | None = None
    correction_reason: str = ""
    corrected_by: str = ""


@dataclass
class Employee(WorkedTime):
    """An agent's payroll figures for the period."""

    agent_id: int
    payroll_number: str
    name: str
    member_name: str
    answered: int = 0
    talk_s: int = 0
    missed: int = 0
    transfers: int = 0
    survey_count: int = 0
    survey_sum: int = 0
    survey_distribution: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCORES, 0))
    # Closed QA evaluations of the period's calls (callcenter.quality) and the sum of their scores (0-100).
    qa_count: int = 0
    qa_score_sum: float = 0.0
    days: list[Day] = field(default_factory=list)
    sessions: list[SessionRow] = field(default_factory=list)

    @property
    def aht_s(self) -> float | None:
        """Average handle time: talk per answered call (wrap-up is not in queue_log)."""
        return round(self.talk_s / self.answered, 2) if self.answered else None

    @property
    def survey_avg(self) -> float | None:
        return round(self.survey_sum / self.survey_count, 2) if self.survey_count else None

    @property
    def qa_avg(self) -> float | None:
        return round(self.qa_score_sum / self.qa_count, 2) if self.qa_count else None

    @property
    def hours_from_calls(self) -> bool:
        """No log-in session (a static member): the hours are estimated from the call activity."""
        return bool(self.sessions) and all(session.source == "activity" for session in self.sessions)

    @property
    def occupancy_pct(self) -> float | None:
        """Talk over available time (logged in minus paused), as in the statistics agent report; None
        without log-in sessions (an activity estimate is not logged-in time)."""
        if self.hours_from_calls:
            return None
        available = self.logged_in_s - self.pause_paid_s - self.pause_unpaid_s
        return round(100 * self.talk_s / available, 2) if available > 0 else None

    @property
    def worked_hours(self) -> float:
        return round(self.worked_s / 3600, 2)

    @property
    def night_hours(self) -> float:
        return round(self.night_s / 3600, 2)

    @property
    def days_worked(self) -> int:
        return sum(1 for day in self.days if day.worked_s)

    @property
    def open_sessions(self) -> int:
        return sum(1 for session in self.sessions if session.open)

    @property
    def corrections(self) -> list[SessionRow]:
        return [session for session in self.sessions if session.source == "corrected"]


@dataclass
class PayrollReport:
    """Everything one export holds."""

    date_from: dt.date
    date_to: dt.date
    tz: str
    generated_at: dt.datetime
    organisation_name: str
    organisation_inn: str
    organisation_kpp: str
    schedule: str
    closed: bool
    employees: list[Employee]
    unmatched: list[str]
    warnings: list[str]
