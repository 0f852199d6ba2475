"""REST API of the recordings' retention rules (administrators)."""

from __future__ import annotations

from typing import Any

from callcenter.accounts.models import Role
from callcenter.core.api import ActionsModelViewSet, ModelSerializer
from callcenter.quality import actions
from callcenter.quality.models import (
    RetentionRule,
)
from callcenter.quality.querysets import EVALUATORS


class RetentionRuleSerializer(ModelSerializer[RetentionRule]):
    class Meta:
        model = RetentionRule
        fields = ["id", "queue", "days", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class RetentionRuleViewSet(ActionsModelViewSet[RetentionRule]):
    """Days each queue keeps its recordings (queues without a rule: RECORDING_RETENTION_DAYS)."""

    model = RetentionRule
    actions = actions
    serializer_class = RetentionRuleSerializer
    read_roles = EVALUATORS
    write_roles = (Role.ADMIN,)

    def get_queryset(self) -> Any:
        return RetentionRule.objects.select_related("queue").all()
