"""One place that turns errors into HTTP responses with a stable JSON shape: `{"code", "detail", ...}`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.api.serializers import ReviewSerializer
from factcheck.errors import (
    DATABASE_UNAVAILABLE_RETRY_AFTER,
    FactcheckError,
    VersionConflict,
    database_unavailable_detail,
)

logger = logging.getLogger(__name__)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        # Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE; say so in the API's own shape.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        detail = gettext("The request body is over %(limit)d MB, more than any request of this API needs.")
        return Response({"code": "request_too_large", "detail": detail % {"limit": limit}}, status=413)
    if isinstance(exc, OperationalError | InterfaceError):
        # The database is down or unreachable: nothing was done; the client may retry shortly.
        logger.error("database unavailable: %s", exc)
        return Response(
            {"code": "database_unavailable", "detail": database_unavailable_detail()},
            status=503,
            headers={"Retry-After": DATABASE_UNAVAILABLE_RETRY_AFTER},
        )
    if isinstance(exc, FactcheckError):
        body = {"code": exc.code, "detail": exc.message, **exc.details}
        if isinstance(exc, VersionConflict):
            # The client needs the verdict that beat it, to show it before asking the reviewer to retry.
            latest = exc.latest_review
            body["latest_review"] = ReviewSerializer(latest).data if latest is not None else None
        return Response(body, status=exc.http_status)

    # Django's own 404/403 become DRF's, with DRF's translated message instead of "No Claim matches the given query."
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        # Field errors keep DRF's shape under "errors"; "detail" is something to show as is.
        response.data = {
            "code": "invalid",
            "detail": gettext("Please check what you entered."),
            "errors": response.data,
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        codes = exc.get_codes()
        response.data = {"code": codes if isinstance(codes, str) else exc.default_code, **response.data}
    return response
