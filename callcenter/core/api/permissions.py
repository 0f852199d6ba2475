"""Role-gated API access: reads need one of a view's read roles, writes one of its write roles."""

from __future__ import annotations

from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from callcenter.core.roles import has_role


class RolePermission(permissions.BasePermission):
    """Reads need one of the view's ``read_roles``; writes need one of its ``write_roles``."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        roles = (
            getattr(view, "read_roles", ())
            if request.method in permissions.SAFE_METHODS
            else getattr(view, "write_roles", ())
        )
        return has_role(request.user, *roles)
