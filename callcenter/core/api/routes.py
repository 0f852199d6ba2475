"""A table of API routes registered on the project's router: URL prefix, viewset, route basename."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rest_framework.routers import BaseRouter
from rest_framework.viewsets import ViewSetMixin


@dataclass(frozen=True)
class Route:
    """One viewset served under ``/api/<prefix>/``; ``basename`` names its URLs (``<basename>-list``...)."""

    prefix: str
    viewset: type[ViewSetMixin]
    basename: str


def register_routes(router: BaseRouter, routes: Iterable[Route]) -> None:
    """Register every route of the table on the router, in order."""
    for route in routes:
        router.register(route.prefix, route.viewset, basename=route.basename)
