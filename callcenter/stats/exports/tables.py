"""The tables of the queue, agent, call and staffing reports."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from callcenter.stats import reports
from callcenter.stats.exports.document import Table
from callcenter.stats.reports import ReportFilter


def local_time(value: Any, flt: ReportFilter) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, flt.zone).strftime("%Y-%m-%d %H:%M:%S")


def summary_tables(flt: ReportFilter) -> list[Table]:
    data = reports.queue_summary(flt)
    levels = sorted({int(t) for row in data.values() for t in row["sl"]})
    headers = [
        _("Queue"),
        _("Offered"),
        _("Answered"),
        _("Abandoned"),
        _("Timeout"),
        _("Exit empty"),
        _("Exit with key"),
        _("Callbacks requested"),
        _("Callbacks answered"),
        _("Transfers"),
        _("Avg wait answered (s)"),
        _("Max wait answered (s)"),
        _("Avg wait before abandon (s)"),
        _("Avg talk (s)"),
    ]
    for level in levels:
        headers += [
            _("SL %(s)s s, %% of answered") % {"s": level},
            _("SL %(s)s s, %% of offered") % {"s": level},
        ]
    headers += [_("Surveys"), _("Survey average")]
    rows = []
    for name, row in data.items():
        line: list[Any] = [
            name,
            row["offered"],
            row["answered"],
            row["abandoned"],
            row["timeout"],
            row["exitempty"],
            row["exitkey"],
            row["callbacks"],
            row["callbacks_answered"],
            row["transfers"],
            row["avg_wait_answered_s"],
            row["max_wait_answered_s"],
            row["avg_wait_abandoned_s"],
            row["avg_talk_s"],
        ]
        for level in levels:
            value = row["sl"].get(str(level))
            line += [value["of_answered_pct"], value["of_offered_pct"]] if value else ["", ""]
        line += [row["survey"]["count"], row["survey"]["avg"] if row["survey"]["avg"] is not None else ""]
        rows.append(line)
    return [Table(_("Summary per queue"), headers, rows)]


def agent_tables(flt: ReportFilter) -> list[Table]:
    data = reports.agent_summary(flt)
    headers = [
        _("Agent"),
        _("Answered"),
        _("Talk (s)"),
        _("Avg talk (s)"),
        _("Missed (rang, no answer)"),
        _("Transfers"),
        _("Callbacks"),
        _("Callback talk (s)"),
        _("Sessions"),
        _("Logged in (s)"),
        _("Paused (s)"),
        _("Paid pause (s)"),
        _("Unpaid pause (s)"),
        _("Occupancy %"),
        _("Surveys"),
        _("Survey average"),
        _("QA evaluations"),
        _("QA average %"),
    ]
    rows = [
        [
            name,
            e["answered"],
            e["talk_s"],
            e["avg_talk_s"],
            e["missed"],
            e["transfers"],
            e["callbacks"],
            e["callback_talk_s"],
            e["sessions"],
            e["logged_in_s"],
            e["pause_s"],
            e["paid_pause_s"],
            e["unpaid_pause_s"],
            e["occupancy_pct"] if e["occupancy_pct"] is not None else "",
            e["survey"]["count"],
            e["survey"]["avg"] if e["survey"]["avg"] is not None else "",
            e.get("qa", {}).get("count", 0),
            e.get("qa", {}).get("avg") if e.get("qa", {}).get("avg") is not None else "",
        ]
        for name, e in data.items()
    ]
    pause_rows = [
        [name, reason, seconds]
        for name, e in data.items()
        for reason, seconds in sorted(e["pause_by_reason"].items())
    ]
    return [
        Table(_("Agents"), headers, rows),
        Table(_("Pauses by reason"), [_("Agent"), _("Reason"), _("Seconds")], pause_rows),
    ]


CALL_HEADERS = (
    gettext_noop("Entered"),
    gettext_noop("Queue"),
    gettext_noop("Caller"),
    gettext_noop("Outcome"),
    gettext_noop("Wait (s)"),
    gettext_noop("Connected"),
    gettext_noop("Talk (s)"),
    gettext_noop("Ended"),
    gettext_noop("Agent"),
    gettext_noop("Ended by"),
    gettext_noop("Transfer target"),
    gettext_noop("Survey"),
    gettext_noop("Recording"),
)


def call_tables(flt: ReportFilter, *, answered: bool) -> list[Table]:
    rows = [
        [
            local_time(call.entered_at, flt),
            call.queue,
            call.caller,
            call.get_outcome_display(),
            call.wait_s if call.wait_s is not None else "",
            local_time(call.connected_at, flt),
            call.talk_s if call.talk_s is not None else "",
            local_time(call.ended_at, flt),
            call.agent,
            call.ended_by,
            call.transfer_target,
            call.survey_score if call.survey_score is not None else "",
            call.recording,
        ]
        for call in reports.call_list(flt, answered=answered).iterator()
    ]
    title = _("Answered calls") if answered else _("Unanswered calls")
    return [Table(title, [_(h) for h in CALL_HEADERS], rows)]


def staffing_tables(flt: ReportFilter) -> list[Table]:
    headers = [
        _("Queue"),
        _("Interval"),
        _("Calls"),
        _("AHT (s)"),
        _("Traffic (Erlang)"),
        _("Agents needed"),
        _("Scheduled (with shrinkage)"),
        _("Service level %"),
        _("ASA (s)"),
    ]
    rows = [
        [
            r["queue"],
            r["interval"],
            r["calls"],
            r["aht_s"],
            r["traffic_erlangs"],
            r["agents"],
            r["scheduled"],
            r["service_level_pct"],
            r["asa_s"],
        ]
        for r in reports.staffing(flt)
    ]
    # xgettext:no-python-format
    title = _("Staffing (Erlang C, 80% in 20 s, 30% shrinkage)")
    return [Table(title, headers, rows)]
