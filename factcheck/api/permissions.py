"""Who may call the API.

Deliberately thin: a view only asks for a signed-in account. What that account may *see* is decided
by the selectors (no role → empty lists and 404s), and what it may *change* by the services
(NotAllowed → 403). Keeping the role rules in those two places means the API, the web pages and the
admin cannot disagree about them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission, IsAuthenticated

from factcheck.models import ApiToken


class TokenScopeAllows(BasePermission):
    """A `read` API token may only look (GET, HEAD, OPTIONS); sessions and `write` tokens may act."""

    message = _("This API token is read-only. Make a token with the write scope to change anything.")
    code = "token_read_only"

    def has_permission(self, request, view) -> bool:
        token = request.auth
        return not (isinstance(token, ApiToken) and token.scope == ApiToken.Scope.READ) or (
            request.method in SAFE_METHODS
        )


# Every data endpoint (also the settings default; named here so views say it out loud).
SIGNED_IN = [IsAuthenticated, TokenScopeAllows]

# The OpenAPI schema and its viewer describe the API but hold no desk data.
PUBLIC = [AllowAny]
