"""Who may call the API.

Deliberately thin: a view only asks for a signed-in account. What that account may *see* is decided
by the selectors (no role → empty lists and 404s), and what it may *change* by the services
(NotAllowed → 403). Keeping the role rules in those two places means the API, the web pages and the
admin cannot disagree about them.
"""

from __future__ import annotations

from rest_framework.permissions import AllowAny, IsAuthenticated

# Every data endpoint (also the settings default; named here so views say it out loud).
SIGNED_IN = [IsAuthenticated]

# The OpenAPI schema and its viewer describe the API but hold no desk data.
PUBLIC = [AllowAny]
