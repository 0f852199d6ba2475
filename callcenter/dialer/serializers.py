"""Serializers of the dialer's REST API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from callcenter.core.api import BoundedDateTimeField, ModelSerializer
from callcenter.dialer.models import AgentDisposition, Attempt, Campaign, DNCEntry, Lead


class CampaignSerializer(ModelSerializer[Campaign]):
    class Meta:
        model = Campaign
        exclude = ["created_at", "updated_at"]
        read_only_fields = ["status"]


class LeadSerializer(ModelSerializer[Lead]):
    class Meta:
        model = Lead
        fields = [
            "id",
            "campaign",
            "contact_list",
            "phone",
            "name",
            "tz",
            "fields",
            "state",
            "attempts",
            "next_attempt_at",
            "last_outcome",
            "team",
            "callback",
        ]


class AttemptSerializer(ModelSerializer[Attempt]):
    action_id = serializers.CharField(read_only=True)

    class Meta:
        model = Attempt
        fields = [
            "id",
            "action_id",
            "campaign",
            "lead",
            "agent",
            "phone",
            "state",
            "outcome",
            "reason_code",
            "originated_at",
            "answered_at",
            "bridged_at",
            "ended_at",
            "abandoned",
            "disposition",
        ]


class DNCEntrySerializer(ModelSerializer[DNCEntry]):
    class Meta:
        model = DNCEntry
        fields = ["id", "phone", "campaign", "reason", "created_at"]
        read_only_fields = ["created_at"]


class StatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Campaign.Status.choices)


class DispositionSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=AgentDisposition.Code.choices)
    callback_at = BoundedDateTimeField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
