"""Abstract base models shared by the domain apps (no tables of its own)."""

from __future__ import annotations

from typing import Any

from django.db import models


class ValidatedModel(models.Model):
    """Runs full validation on every save, so a hostile value is refused in the shell as in the admin and API."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.full_clean()
        super().save(*args, **kwargs)
