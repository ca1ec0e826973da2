"""Sign-in lockout facts shared by the web pages and the API: how long it lasts, how it is worded, and
which address a client has (the way DRF's throttles see it, so both limits agree on who is who).

django-axes counts failures and decides; the web's refusal page is web/views/lockout.py.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest
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


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the socket's, or the one FACTCHECK_NUM_PROXIES trusted proxies report."""
    return BaseThrottle().get_ident(request)


# django-axes' AccessAttempt.username is a varchar(255): a longer name, typed into any sign-in form (Django's
# login form does not enforce the username's max_length), was a database error on PostgreSQL — a 500.
_ATTEMPT_USERNAME_LENGTH = 255


def attempted_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a sign-in attempt is counted under (AXES_USERNAME_CALLABLE): as typed, cut to what axes stores.

    Real usernames are at most 150 characters, so cutting never merges two accounts' counts.
    """
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = getattr(request, "data", request.POST).get("username")
    return username[:_ATTEMPT_USERNAME_LENGTH] if isinstance(username, str) else username
