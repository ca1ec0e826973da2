"""Django's error handlers (400, 403, 404, 500): the API's JSON shape under /api/, a Korean page elsewhere.

They also answer what fails outside a view — a database outage met by the session or sign-in middleware is
a 503 with Retry-After, as the API's exception handler answers one met inside a view. The page stands alone
(templates/error.html): no user, no database, nothing that could fail again while it renders.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from factcheck.errors import DATABASE_UNAVAILABLE_RETRY_AFTER, database_unavailable_detail

logger = logging.getLogger(__name__)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 400, "bad_request", gettext("The request could not be understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 403, "permission_denied", gettext("You do not have permission to perform this action."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _answer(request, 404, "not_found", gettext("There is nothing at this address."))


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this inside its `except` block, so the exception is still at hand.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        logger.error("database unavailable: %s", sys.exc_info()[1])
        return database_unavailable(request)
    return _answer(
        request, 500, "server_error", gettext("Something went wrong on the desk's side. It has been logged.")
    )


def database_unavailable(request: HttpRequest) -> HttpResponse:
    response = _answer(request, 503, "database_unavailable", database_unavailable_detail())
    response["Retry-After"] = DATABASE_UNAVAILABLE_RETRY_AFTER
    return response


def _answer(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"code": code, "detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    page = render_to_string("error.html", {"status": status, "detail": detail})
    return HttpResponse(page, status=status)
