"""A refused action in any API view answers its own status with ``{"detail": message}``."""

from __future__ import annotations

from callcenter.core.api import exception_handler
from callcenter.core.refusals import ActionRefused


class _NodeGone(ActionRefused):
    """An app's own refusal."""


def test_an_apps_refusal_answers_its_status_and_message() -> None:
    response = exception_handler(_NodeGone("Asterisk cannot be reached.", status=502), {})

    assert response is not None
    assert (response.status_code, response.data) == (502, {"detail": "Asterisk cannot be reached."})


def test_a_refusal_without_a_status_is_a_bad_request() -> None:
    response = exception_handler(ActionRefused("Choose a pause reason."), {})

    assert response is not None
    assert (response.status_code, response.data) == (400, {"detail": "Choose a pause reason."})
