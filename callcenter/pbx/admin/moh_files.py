"""Admin of one music on hold file on its own page: played back, replaced, or moved to another class."""

from __future__ import annotations

from django.contrib import admin
from django.forms import modelform_factory

from callcenter.pbx.admin.audio_admin import AudioAdmin
from callcenter.pbx.admin.audio_form import AudioForm
from callcenter.pbx.models import MusicOnHoldFile

MusicOnHoldFileAdminForm = modelform_factory(MusicOnHoldFile, form=AudioForm, fields=["moh_class", "name"])


@admin.register(MusicOnHoldFile)
class MusicOnHoldFileAdmin(AudioAdmin[MusicOnHoldFile]):
    """One file of a class (also edited inline on the class); here it can be played back and replaced."""

    form = MusicOnHoldFileAdminForm
    list_display = ["name", "moh_class", "duration", "original_name", "updated_at"]
    list_filter = ["moh_class"]
    search_fields = ["name"]
