"""Shared REST plumbing: role-gated, visibility-filtered viewsets whose writes go through actions.py."""

from __future__ import annotations

from types import ModuleType
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role


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


def django_errors_to_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(exc, "error_dict"):
        # Django names model-wide errors "__all__"; DRF clients expect "non_field_errors".
        errors = {
            ("non_field_errors" if key == "__all__" else key): value
            for key, value in exc.message_dict.items()
        }
        return serializers.ValidationError(errors)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class ActionsModelViewSet(viewsets.ModelViewSet):
    """CRUD whose reads use ``Model.objects.visible_to(user)`` and whose writes call the app's actions module."""

    model: type[models.Model]
    actions: ModuleType
    read_roles: tuple[str, ...] = (Role.ADMIN, Role.SUPERVISOR, Role.MANAGER)
    write_roles: tuple[str, ...] = (Role.ADMIN,)
    permission_classes = [RolePermission]

    def get_queryset(self) -> Any:
        manager: Any = self.model._default_manager
        queryset = manager.all()
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(self.request.user)
        return queryset

    def _save(self, serializer: serializers.BaseSerializer[Any], instance: models.Model | None) -> None:
        data = dict(serializer.validated_data)
        m2m_names = {f.name for f in self.model._meta.many_to_many}
        m2m = {name: data.pop(name) for name in list(data) if name in m2m_names}
        target = instance if instance is not None else self.model()
        for name, value in data.items():
            setattr(target, name, value)
        try:
            serializer.instance = self.actions.save(self.request.user, target, m2m=m2m)
        except DjangoValidationError as exc:
            raise django_errors_to_drf(exc) from exc

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance: models.Model) -> None:
        self.actions.delete(self.request.user, instance)
