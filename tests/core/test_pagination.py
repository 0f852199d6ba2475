"""The bounded pagination's own rules: the documented range of each parameter, and what a page request gets."""

from __future__ import annotations

import pytest
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from callcenter.core.pagination import BoundedLimitOffsetPagination


def _request(**params: str) -> Request:
    return Request(APIRequestFactory().get("/api/agents/", params))


def test_the_schema_documents_the_accepted_range_of_each_parameter() -> None:
    parameters = BoundedLimitOffsetPagination().get_schema_operation_parameters(view=None)
    ranges = {item["name"]: (item["schema"]["minimum"], item["schema"]["maximum"]) for item in parameters}
    assert ranges == {"limit": (1, 1000), "offset": (0, 1_000_000_000)}
    assert all(item["schema"]["type"] == "integer" for item in parameters)


@pytest.mark.parametrize("text", ["+5", " 5", "5.0", "0x10", "٣", "1234567890123"])
def test_only_plain_ascii_digits_are_a_number(text: str) -> None:
    with pytest.raises(serializers.ValidationError):
        BoundedLimitOffsetPagination().get_limit(_request(limit=text))


def test_the_bounds_themselves_are_accepted() -> None:
    paginator = BoundedLimitOffsetPagination()
    assert paginator.get_limit(_request(limit="1")) == 1
    assert paginator.get_limit(_request(limit="1000")) == 1000
    assert paginator.get_offset(_request(offset="0")) == 0


def test_no_offset_is_the_first_row() -> None:
    assert BoundedLimitOffsetPagination().get_offset(_request()) == 0
