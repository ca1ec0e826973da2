"""API tokens: made for one account with a name, a scope and an expiry; revoked by their owner, by
staff, or all at once when the owner's password changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from factcheck import limits
from factcheck.errors import InvalidTokenRequest, TokenNotFound
from factcheck.models import ApiToken


@dataclass(frozen=True)
class IssuedToken:
    """A new token's row and its key: the key exists only here, never in the database."""

    token: ApiToken
    key: str


def issue_token(*, user: Any, name: str, scope: str, expires_in_days: int | None = None) -> IssuedToken:
    """Make a token for `user`; `expires_in_days` defaults to FACTCHECK_API_TOKEN_DAYS (at most a year)."""
    name = limits.clean_text(name) or gettext("API token")
    if scope not in ApiToken.Scope.values:
        raise InvalidTokenRequest(gettext("The scope must be read or write."), details={"field": "scope"})
    days = settings.API_TOKEN_DEFAULT_DAYS if expires_in_days is None else expires_in_days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise InvalidTokenRequest(
            gettext("A token lasts from 1 to %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS},
            details={"field": "expires_in_days"},
        )
    label = ApiToken._meta.get_field("name").verbose_name
    problem = limits.text_problem(name, label=label, max_chars=limits.TOKEN_NAME)
    if problem:
        raise InvalidTokenRequest(problem.message, details={"field": "name"})
    token, key = ApiToken.objects.create(user=user, expiry=timedelta(days=days), name=name, scope=scope)
    return IssuedToken(token, key)


def tokens_of(*, user: Any):
    """The account's tokens that still work, newest first (expired ones are swept on the way)."""
    ApiToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
    return ApiToken.objects.filter(user=user).order_by("-created")


def revoke_token(*, user: Any, digest: str) -> None:
    """Revoke one of the account's own tokens (staff revoke anyone's in the admin)."""
    # What no digest can be is no token, without asking the database (PostgreSQL refuses a NUL in a query: a 500).
    possible = "\x00" not in digest and len(digest) <= ApiToken._meta.get_field("digest").max_length
    deleted, _ = ApiToken.objects.filter(user=user, digest=digest).delete() if possible else (0, {})
    if not deleted:
        raise TokenNotFound(gettext("No such token. It may have been revoked already."))


def revoke_all(*, user: Any) -> int:
    """Revoke every token of the account (its password changed): how many there were."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
