"""The payroll filter renders dates as the browser's date inputs need them, in every language."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from callcenter.payroll.forms import ExportForm


def test_date_inputs_carry_iso_dates_in_russian() -> None:
    form = ExportForm(initial={"date_from": dt.date(2026, 11, 1), "date_to": dt.date(2026, 11, 30)})
    with translation.override("ru"):
        html = str(form["date_from"]) + str(form["date_to"])
    assert 'value="2026-11-01"' in html
    assert 'value="2026-11-30"' in html
