"""REST API of users (administrators only)."""

from __future__ import annotations

from typing import Any

from callcenter.accounts import actions
from callcenter.accounts.models import User
from callcenter.core.api import ActionsModelViewSet, ModelSerializer


class UserSerializer(ModelSerializer[User]):
    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "language",
            "phone_extension",
            "is_active",
        ]


class UserViewSet(ActionsModelViewSet[User]):
    """People who sign in, with their roles."""

    model = User
    actions = actions
    serializer_class = UserSerializer
    read_roles = ("admin",)

    def get_queryset(self) -> Any:
        return User.objects.order_by("username")
