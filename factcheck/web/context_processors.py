"""What every page needs: the unread notification count for the header, and the review rule in force."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from factcheck import selectors
from factcheck.services.reviews import cross_check_required


def desk(request: HttpRequest) -> dict[str, Any]:
    # Lazy: pages that never show the header (errors, the login page) run no query for it.
    return {
        "unread_notifications": SimpleLazyObject(lambda: selectors.unread_notification_count(user=request.user)),
        "cross_check_required": cross_check_required(),
    }
