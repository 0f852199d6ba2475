"""The user model: one role per person, which decides what they may see and do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from callcenter.core.roles import Role
from callcenter.core.validators import validate_extension

__all__ = ["Role", "User"]


class User(AbstractUser):
    """A person who signs in. Superusers count as administrators whatever their role field says."""

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(
        _("language"), max_length=8, choices=[("en", "English"), ("ru", "Русский")], default="ru"
    )
    phone_extension = models.CharField(
        _("own phone extension"),
        max_length=20,
        blank=True,
        validators=[validate_extension],
        help_text=_("The supervisor's phone that listen / whisper / barge calls ring."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def effective_role(self) -> str:
        return Role.ADMIN if self.is_superuser else self.role

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.effective_role in roles
