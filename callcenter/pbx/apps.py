"""App config for the PBX configuration models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PbxConfig(AppConfig):
    name = "callcenter.pbx"
    label = "pbx"
    verbose_name = _("PBX configuration")
