"""Admin of the SIP trunks; the secret is kept when left as shown."""

from __future__ import annotations

from django.contrib import admin

from callcenter.core.admin import ActionsModelAdmin
from callcenter.pbx import actions
from callcenter.pbx.admin.secrets import kept_secret_form
from callcenter.pbx.models import Trunk


@admin.register(Trunk)
class TrunkAdmin(ActionsModelAdmin[Trunk]):
    actions_module = actions
    form = kept_secret_form(Trunk, "secret")
    list_display = ["name", "host", "transport", "max_channels", "enabled"]
