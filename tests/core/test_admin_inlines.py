"""``ShownTabularInline``: the rows under their parent, shown and never added, changed or deleted there."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import RequestFactory

from callcenter.core.admin_inlines import ShownTabularInline
from callcenter.pbx.models import AsteriskServer, NodeGroup
from tests.harness import personas

pytestmark = pytest.mark.django_db


class _Nodes(ShownTabularInline[AsteriskServer, NodeGroup]):
    model = AsteriskServer
    fields = ["name", "ami_host"]


def _inline_and_request() -> tuple[_Nodes, HttpRequest]:
    request = RequestFactory().get("/admin/")
    request.user = personas.admin(is_superuser=True)
    return _Nodes(NodeGroup, admin.site), request


def test_every_shown_field_is_read_only() -> None:
    inline, request = _inline_and_request()
    assert list(inline.get_readonly_fields(request)) == ["name", "ami_host"]


class _EveryField(ShownTabularInline[AsteriskServer, NodeGroup]):
    model = AsteriskServer


def test_without_fields_every_field_of_the_model_is_read_only() -> None:
    request = RequestFactory().get("/admin/")
    request.user = personas.admin(is_superuser=True)
    readonly = list(_EveryField(NodeGroup, admin.site).get_readonly_fields(request))
    assert "ami_secret" in readonly
    assert readonly == [field.name for field in AsteriskServer._meta.fields]


def test_no_row_can_be_changed() -> None:
    inline, request = _inline_and_request()
    assert not inline.has_change_permission(request)


def test_no_row_can_be_added() -> None:
    inline, request = _inline_and_request()
    assert not inline.has_add_permission(request)


def test_the_formset_has_no_empty_row_and_no_delete_box() -> None:
    inline, request = _inline_and_request()
    formset = inline.get_formset(request)
    assert formset.extra == 0
    assert not formset.can_delete
