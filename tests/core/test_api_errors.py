"""Error answers of the API: JSON for paths that name no endpoint, and documented in the schema."""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return schema


@pytest.mark.parametrize("path", ["/api/queues/1.5/", "/api/queues/-3.1e-16/", "/api/no-such-endpoint/"])
def test_an_api_path_naming_no_endpoint_is_a_json_404(admin_api: APIClient, path: str) -> None:
    response = admin_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_write_to_an_api_path_naming_no_endpoint_is_a_json_404_not_a_csrf_page(admin_user: Any) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.put("/api/queues/1.5/", {"name": "support"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_api_path_without_its_trailing_slash_is_still_redirected(admin_api: APIClient) -> None:
    response = admin_api.get("/api/queues")
    assert response.status_code == 301
    assert response["Location"] == "/api/queues/"


def test_every_operation_documents_403(document: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "403" not in operation["responses"]
    ]
    assert missing == []


def test_a_list_documents_400_for_its_query_parameters(document: dict[str, Any]) -> None:
    response = document["paths"]["/api/queues/"]["get"]["responses"]["400"]
    assert response["content"]["application/json"]["schema"]["type"] == "object"


def test_a_write_documents_400_and_415(document: dict[str, Any]) -> None:
    responses = document["paths"]["/api/queues/"]["post"]["responses"]
    assert {"201", "400", "403", "415"} <= set(responses)


def test_an_object_path_documents_404_with_the_error_body(document: dict[str, Any]) -> None:
    response = document["paths"]["/api/queues/{id}/"]["get"]["responses"]["404"]
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_delete_documents_the_409_conflict_body(document: dict[str, Any]) -> None:
    response = document["paths"]["/api/agents/{id}/"]["delete"]["responses"]["409"]
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Conflict"}
    conflict = document["components"]["schemas"]["Conflict"]
    assert conflict["required"] == ["detail", "referenced_by"]


def test_a_create_links_to_the_created_objects_operations(document: dict[str, Any]) -> None:
    links = document["paths"]["/api/queues/"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {
        "queues_retrieve",
        "queues_update",
        "queues_partial_update",
        "queues_destroy",
    }
    assert all(link["parameters"] == {"id": "$response.body#/id"} for link in links.values())


def test_every_link_names_an_operation_of_the_schema(document: dict[str, Any]) -> None:
    operation_ids = {
        operation["operationId"]
        for operations in document["paths"].values()
        for operation in operations.values()
    }
    targets = {
        link["operationId"]
        for operations in document["paths"].values()
        for operation in operations.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    }
    assert targets
    assert targets <= operation_ids
