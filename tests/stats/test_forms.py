"""Report filters render dates as the browser's date inputs need them, in every language."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from callcenter.accounts.models import User
from callcenter.stats.forms import ReportFilterForm


@pytest.mark.django_db
def test_date_inputs_carry_iso_dates_in_russian(manager_user: User) -> None:
    form = ReportFilterForm(manager_user)
    with translation.override("ru"):
        html = str(form["date_from"]) + str(form["date_to"])
    today = timezone.localdate().isoformat()
    assert html.count(f'value="{today}"') == 2
