"""The API's pagination: ``?limit=&offset=`` with bounds, refusing out-of-range values with a 400.

Kept apart from callcenter.core.api: DRF resolves DEFAULT_PAGINATION_CLASS while its generic views are
being defined, so this module must not import them.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import pagination, serializers
from rest_framework.request import Request


class BoundedLimitOffsetPagination(pagination.LimitOffsetPagination):
    """``?limit=&offset=`` pagination that refuses (400) a limit or offset outside its bounds.

    Without a bound a huge limit reaches the database as an out-of-range LIMIT. Empty parameters mean
    the defaults; anything but a whole number within the bounds is refused, never silently replaced.
    """

    max_limit = 1000
    max_offset = 1_000_000_000
    _number = re.compile(r"[0-9]{1,12}")

    def _bounded(self, request: Request, name: str, low: int, high: int, default: int | None) -> int | None:
        text = request.query_params.get(name, "")
        if text == "":
            return default
        value = int(text) if self._number.fullmatch(text) else None
        if value is None or not low <= value <= high:
            raise serializers.ValidationError(
                {
                    name: [
                        _("“%(name)s” must be a whole number from %(low)d to %(high)d.")
                        % {"name": name, "low": low, "high": high}
                    ]
                }
            )
        return value

    def get_limit(self, request: Request) -> int | None:
        return self._bounded(request, self.limit_query_param, 1, self.max_limit, self.default_limit)

    def get_offset(self, request: Request) -> int:
        return self._bounded(request, self.offset_query_param, 0, self.max_offset, 0) or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        bounds = {self.limit_query_param: (1, self.max_limit), self.offset_query_param: (0, self.max_offset)}
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            low, high = bounds[parameter["name"]]
            parameter["schema"] = {**parameter["schema"], "minimum": low, "maximum": high}
        return parameters
