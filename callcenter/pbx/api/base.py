"""The base of the PBX API: viewsets written through ``pbx.actions``, plain CRUD objects as table rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

from callcenter.core.api import ActionsModelViewSet
from callcenter.core.api.model_serializers import serializer_for
from callcenter.core.api.routes import Route
from callcenter.core.roles import CONFIG_READERS
from callcenter.pbx import actions

_ModelT = TypeVar("_ModelT", bound=models.Model)


class PbxViewSet(ActionsModelViewSet[_ModelT]):
    """A PBX configuration object: written through ``pbx.actions``."""

    actions = actions


@dataclass(frozen=True)
class ConfigEndpoint:
    """A plain CRUD object under ``/api/<prefix>/``; ``doc`` describes it in the schema."""

    prefix: str
    basename: str
    model: type[models.Model]
    doc: str
    read_roles: tuple[str, ...] = CONFIG_READERS
    write_only: tuple[str, ...] = ()

    def route(self) -> Route:
        """The route of a ``PbxViewSet`` of the model, with the serializer of ``serializer_for``."""
        attrs: dict[str, Any] = {
            "__doc__": self.doc,
            "__module__": __name__,
            "model": self.model,
            "serializer_class": serializer_for(self.model, write_only=self.write_only),
            "read_roles": self.read_roles,
        }
        return Route(self.prefix, type(f"{self.model.__name__}ViewSet", (PbxViewSet,), attrs), self.basename)
