"""The sign-in page's answer while django-axes has an account or an address locked out (web and admin)."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from factcheck.signin import cooloff_seconds


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """A Korean page, 429, Retry-After (AXES_LOCKOUT_CALLABLE)."""
    seconds = cooloff_seconds()
    response = render(request, "registration/locked_out.html", {"minutes": math.ceil(seconds / 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response
