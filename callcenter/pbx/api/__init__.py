"""REST API of the PBX configuration: reads through ``visible_to``, writes through ``pbx.actions``."""

from __future__ import annotations

from rest_framework.routers import BaseRouter

from callcenter.core.api.routes import Route, register_routes
from callcenter.pbx.api import config
from callcenter.pbx.api.audio import MusicOnHoldFileViewSet, PromptViewSet
from callcenter.pbx.api.groups import NodeGroupViewSet

ROUTES = (
    *config.ROUTES,
    Route("node-groups", NodeGroupViewSet, "node-group"),
    Route("prompts", PromptViewSet, "prompt"),
    Route("moh-files", MusicOnHoldFileViewSet, "moh-file"),
)


def register(router: BaseRouter) -> None:
    """Register the PBX configuration's viewsets on the project's API router."""
    register_routes(router, ROUTES)
