"""Session corrections over the API: list them, and POST one for a session with its corrected times."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from callcenter.accounts.roles import PAYROLL_READERS
from callcenter.core.api import ListRetrieveViewSet, ModelSerializer
from callcenter.payroll import actions
from callcenter.payroll.models import SessionCorrection
from callcenter.stats.models import AgentSession

# Copied from the corrected session, and stamped when the correction is made: never written by a client.
FROM_SESSION = ["agent", "server", "queue", "interface", "original_started_at", "original_ended_at"]
STAMPED = ["created_by", "created_at"]


class SessionCorrectionSerializer(ModelSerializer[SessionCorrection]):
    session = serializers.IntegerField(write_only=True, help_text="id of the stats AgentSession to correct")

    class Meta:
        model = SessionCorrection
        fields = ["id", "session", *FROM_SESSION, "started_at", "ended_at", "reason", *STAMPED]
        read_only_fields = [*FROM_SESSION, *STAMPED]


class SessionCorrectionViewSet(ListRetrieveViewSet[SessionCorrection]):
    """Corrections of logged-in sessions; POST one with the session id, the corrected times and a reason."""

    serializer_class = SessionCorrectionSerializer
    read_roles = PAYROLL_READERS
    write_roles = PAYROLL_READERS

    def get_queryset(self) -> Any:
        return SessionCorrection.objects.visible_to(self.request.user).select_related("agent")

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        session = AgentSession.objects.filter(pk=data["session"]).first()
        if session is None:
            raise ValidationError({"session": ["No such session."]})
        correction = actions.correct_session(
            request.user,
            session,
            started_at=data["started_at"],
            ended_at=data["ended_at"],
            reason=data["reason"],
        )
        return Response(self.get_serializer(correction).data, status=status.HTTP_201_CREATED)
