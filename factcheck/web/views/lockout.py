"""What django-axes answers a locked-out sign-in with, and how it tells clients apart.

Axes counts failures and decides; this module only words the refusal (a Korean page, 429, Retry-After)
and names the client's address the way DRF's throttles do, so both limits agree on who is who.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle


def cooloff_seconds() -> int:
    """How long a lockout lasts after the latest failure (the Retry-After of every refusal)."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def refusal(seconds: int) -> str:
    """The API's words for a lockout (the page says the same in its own template)."""
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed sign-ins for this account or from this address. Try again in %(minutes)d minute.",
        "Too many failed sign-ins for this account or from this address. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The sign-in page's refusal while an account or an address is locked out (web and admin)."""
    seconds = cooloff_seconds()
    response = render(request, "registration/locked_out.html", {"minutes": math.ceil(seconds / 60)}, status=429)
    response["Retry-After"] = str(seconds)
    return response


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the socket's, or the one FACTCHECK_NUM_PROXIES trusted proxies report."""
    return BaseThrottle().get_ident(request)
