"""Read rules by role: which rows of a model a user may see."""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.db import models

from callcenter.core.roles import Role, role_of

_ModelT = TypeVar("_ModelT", bound=models.Model)


class RoleVisibleQuerySet(models.QuerySet[_ModelT]):
    """``visible_to(user)``: the roles of ``sees_all`` see every row, a supervisor the rows of
    ``supervisor_rows``, an agent the rows of ``agent_rows``; anyone else sees nothing."""

    sees_all: ClassVar[tuple[str, ...]] = (Role.ADMIN, Role.MANAGER)

    def visible_to(self, user: Any) -> Self:
        role = role_of(user)
        if role in self.sees_all:
            return self.all()
        if role == Role.SUPERVISOR:
            return self.supervisor_rows(user)
        if role == Role.AGENT:
            return self.agent_rows(user)
        return self.none()

    def supervisor_rows(self, user: Any) -> Self:
        return self.none()

    def agent_rows(self, user: Any) -> Self:
        return self.none()
