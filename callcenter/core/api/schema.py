"""The schema class that documents the error answers every operation can give, and its links."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from callcenter.core.api.errors import ConflictSerializer, ErrorSerializer

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


# The viewset actions served on an object's detail path; drf-spectacular ends their operation ids with
# the action's name.
DETAIL_ACTIONS = ("retrieve", "update", "partial_update", "destroy")


# The suffix drf-spectacular gives the operation id of an extra action, by HTTP method.
OPERATION_SUFFIX_BY_METHOD = {
    "get": "retrieve",
    "put": "update",
    "patch": "partial_update",
    "delete": "destroy",
    "post": "create",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the error answers the API gives besides the success.

    400 (the field names as keys) for every operation that takes a body or query parameters, 403 for
    every operation, 404 for those that name an object in the path, 409 for deletes and 415 for
    operations that take a body.
    """

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        has_query = any(parameter.get("in") == "query" for parameter in self._get_parameters())
        takes_body = self.method in BODY_METHODS
        errors: dict[str, OpenApiResponse] = {}
        if takes_body or has_query:
            errors["400"] = OpenApiResponse(
                OpenApiTypes.OBJECT, description=_("Invalid input; the keys name the fields.")
            )
        errors["403"] = OpenApiResponse(ErrorSerializer, description=_("Not signed in, or not allowed."))
        if "{" in self.path:
            errors["404"] = OpenApiResponse(ErrorSerializer, description=_("No such object."))
        if self.method == "DELETE":
            errors["409"] = OpenApiResponse(
                ConflictSerializer, description=_("Other records still refer to the object.")
            )
        if takes_body:
            errors["415"] = OpenApiResponse(
                ErrorSerializer, description=_("The body's content type is not accepted.")
            )
        return errors

    def _links_from_created(self) -> dict[str, dict[str, Any]]:
        """OpenAPI links from a create to the operations on the created object, by its ``id``.

        They tell clients (and the stateful API tests) that the id a create returns is the one the
        object's retrieve, update, delete and detail actions take in their path.
        """
        operation_id = self.get_operation_id()
        serializer = force_instance(self.get_response_serializers())
        view = self.view
        if not operation_id.endswith("_create") or "id" not in getattr(serializer, "fields", {}):
            return {}
        prefix = operation_id.removesuffix("_create")
        targets = [(name, f"{prefix}_{name}") for name in DETAIL_ACTIONS if hasattr(view, name)]
        for extra in view.get_extra_actions() if hasattr(view, "get_extra_actions") else ():
            if extra.detail and extra.url_path:
                for method in extra.mapping:
                    suffix = OPERATION_SUFFIX_BY_METHOD[method]
                    url_part = extra.url_path.replace("-", "_")
                    targets.append((f"{extra.__name__}_{method}", f"{prefix}_{url_part}_{suffix}"))
        return {
            name: {"operationId": target, "parameters": {"id": "$response.body#/id"}}
            for name, target in targets
        }

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if "201" in responses and self._is_create_operation():
            links = self._links_from_created()
            if links:
                responses["201"]["links"] = links
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    response, code, direction=direction
                )
        return responses
