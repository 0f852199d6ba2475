"""Role-gated, visibility-filtered model viewsets whose writes go through the app's actions."""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypeVar

from django.db import models
from rest_framework import mixins, serializers, viewsets

from callcenter.core.api.permissions import RolePermission
from callcenter.core.roles import Role

_ModelT = TypeVar("_ModelT", bound=models.Model)


class ListRetrieveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[_ModelT]):
    """List and retrieve for the view's ``read_roles``; the writes a subclass adds need its ``write_roles``."""

    permission_classes = [RolePermission]
    read_roles: tuple[str, ...] = ()
    write_roles: tuple[str, ...] = ()


class ActionsModelViewSet(viewsets.ModelViewSet[_ModelT]):
    """CRUD whose reads use ``Model.objects.visible_to(user)`` and whose writes call the app's actions module
    (a Django ValidationError they raise is a 400 through ``core.api.exception_handler``)."""

    model: type[_ModelT]
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
        serializer.instance = self.actions.save(self.request.user, target, m2m=m2m)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, serializer.instance)

    def perform_destroy(self, instance: models.Model) -> None:
        self.actions.delete(self.request.user, instance)
