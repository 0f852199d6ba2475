"""``register_routes``: a table of routes becomes the router's registry and URL names."""

from __future__ import annotations

from django.urls import URLPattern
from rest_framework.routers import SimpleRouter

from callcenter.agents.api import AgentViewSet, TeamViewSet
from callcenter.core.api.routes import Route, register_routes

TABLE = (Route("teams", TeamViewSet, "team"), Route("people/agents", AgentViewSet, "agent"))


def test_every_route_is_registered_in_table_order() -> None:
    router = SimpleRouter()
    register_routes(router, TABLE)
    assert router.registry == [("teams", TeamViewSet, "team"), ("people/agents", AgentViewSet, "agent")]


def test_the_basename_names_the_urls_under_the_prefix() -> None:
    router = SimpleRouter()
    register_routes(router, TABLE)
    patterns = [url for url in router.urls if isinstance(url, URLPattern)]
    assert len(patterns) == len(router.urls)
    urls = {str(url.pattern): url.name for url in patterns}
    assert urls == {
        "^teams/$": "team-list",
        "^teams/(?P<pk>[^/.]+)/$": "team-detail",
        "^people/agents/$": "agent-list",
        "^people/agents/(?P<pk>[^/.]+)/$": "agent-detail",
    }


def test_an_empty_table_registers_nothing() -> None:
    router = SimpleRouter()
    register_routes(router, ())
    assert router.registry == []
