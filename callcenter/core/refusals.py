"""A refused action and its answer: the one mapping from an app's refusal to an HTTP response.

An app's actions raise a subclass of ``ActionRefused`` with a message worded for the person who asked
and the status that fits (400 bad input, 403/404 not theirs, 409 the state forbids it, 502 the PBX
refused or cannot be reached, 503 nothing configured). The API's exception handler
(``callcenter.core.api.exception_handler``) answers it with ``{"detail": message}`` and that status.
"""

from __future__ import annotations

from rest_framework.response import Response


class ActionRefused(Exception):
    """An action refused or failed; ``message`` is worded for the person who asked."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def refusal_response(exc: ActionRefused) -> Response:
    """``{"detail": message}`` with the refusal's status."""
    return Response({"detail": exc.message}, status=exc.status)
