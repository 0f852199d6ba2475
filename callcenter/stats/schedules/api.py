"""REST API of report schedules: each user lists, creates, changes and deletes their own."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from callcenter.accounts.models import User
from callcenter.accounts.roles import REPORT_READERS
from callcenter.core.api import ModelSerializer, RolePermission
from callcenter.stats import exports
from callcenter.stats.schedules import actions
from callcenter.stats.schedules.models import Delivery, ReportSchedule


class LastDeliverySerializer(serializers.Serializer[Any]):
    status = serializers.CharField(help_text="pending, sent or failed.")
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    last_error = serializers.CharField()
    sent_at = serializers.DateTimeField(allow_null=True)


class ReportScheduleListSerializer(serializers.ListSerializer[ReportSchedule]):
    """A page of schedules reads the last delivery of all of them in one query, not one per schedule."""

    def to_representation(self, data: Any) -> list[Any]:
        schedules = list(data.all() if hasattr(data, "all") else data)
        last: dict[int, Delivery] = {}
        deliveries = (
            Delivery.objects.filter(run__schedule__in=schedules).select_related("run").order_by("-id")
        )
        for delivery in deliveries:
            if delivery.run is not None:
                last.setdefault(delivery.run.schedule_id, delivery)
        self.last_deliveries = last
        return super().to_representation(schedules)


class ReportScheduleSerializer(ModelSerializer[ReportSchedule]):
    kind = serializers.ChoiceField(choices=list(exports.KINDS))
    fmt = serializers.ChoiceField(choices=list(exports.FORMATS))
    queues = serializers.ListField(
        child=serializers.CharField(max_length=128), required=False, max_length=200, default=list
    )
    agents = serializers.ListField(
        child=serializers.CharField(max_length=128), required=False, max_length=200, default=list
    )
    recipients = serializers.ListField(
        child=serializers.EmailField(), required=False, max_length=20, default=list,
        help_text="None: the owner's own e-mail address.",
    )  # fmt: skip
    last_delivery = serializers.SerializerMethodField()

    class Meta:
        model = ReportSchedule
        fields = [
            "id", "name", "kind", "fmt", "queues", "agents", "frequency", "weekday", "day_of_month",
            "time_of_day", "tz", "recipients", "enabled", "created_at", "updated_at", "last_delivery",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        list_serializer_class = ReportScheduleListSerializer

    @extend_schema_field(LastDeliverySerializer(allow_null=True))
    def get_last_delivery(self, obj: ReportSchedule) -> dict[str, Any] | None:
        preloaded: dict[int, Delivery] | None = getattr(self.parent, "last_deliveries", None)
        if preloaded is not None:
            delivery = preloaded.get(obj.pk)
        else:
            delivery = Delivery.objects.filter(run__schedule=obj).order_by("-id").first()
        return LastDeliverySerializer(delivery).data if delivery is not None else None


class ReportScheduleViewSet(viewsets.ModelViewSet[ReportSchedule]):
    """The signed-in user's own report schedules (docs/reports.md); everyone sees only their own."""

    serializer_class = ReportScheduleSerializer
    permission_classes = [RolePermission]
    read_roles = REPORT_READERS
    write_roles = REPORT_READERS

    def get_queryset(self) -> Any:
        return ReportSchedule.objects.owned_by(self.request.user).order_by("id")

    def _save(self, serializer: serializers.BaseSerializer[Any], schedule: ReportSchedule) -> None:
        for name, value in dict(serializer.validated_data).items():
            setattr(schedule, name, value)
        serializer.instance = actions.save_schedule(self.request.user, schedule)

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, ReportSchedule(owner=cast(User, self.request.user)))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        self._save(serializer, cast(ReportSchedule, serializer.instance))

    def perform_destroy(self, instance: ReportSchedule) -> None:
        actions.delete_schedule(self.request.user, instance)
