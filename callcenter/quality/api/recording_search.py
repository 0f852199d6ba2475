"""The query parameters of the recording search (validated by RecordingSearchForm), for the API schema."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from callcenter.quality.models import Recording


def _one_of(name: str, values: list[str], description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=values, description=description)


SEARCH_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day (in ``tz``)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day (in ``tz``)."),
    OpenApiParameter(
        "tz", OpenApiTypes.STR, description="IANA time zone of the days (default: the center's)."
    ),
    OpenApiParameter("queue", OpenApiTypes.STR, description="Queue name."),
    OpenApiParameter("agent", OpenApiTypes.STR, description="Member name."),
    OpenApiParameter("caller", OpenApiTypes.STR, description="Caller number, or digits of it."),
    _one_of(
        "outcome",
        ["answered", "transferred", "abandoned", "timeout", "exitempty", "exitkey", "callback"],
        "The call's outcome.",
    ),
    OpenApiParameter("survey_min", OpenApiTypes.INT, description="Lowest survey score, 1-5."),
    OpenApiParameter("survey_max", OpenApiTypes.INT, description="Highest survey score, 1-5."),
    OpenApiParameter("duration_min", OpenApiTypes.INT, description="Shortest duration in seconds."),
    OpenApiParameter("duration_max", OpenApiTypes.INT, description="Longest duration in seconds."),
    _one_of("status", [value for value, _label in Recording.Status.choices], "The file's status."),
]
