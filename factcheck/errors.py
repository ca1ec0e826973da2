"""Domain errors: raised once in services, mapped to HTTP in api/errors.py and to page messages in web/views.py."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

# A database outage, met inside a view (api/errors.py) or before one (web/views/errors.py): a 503 in both.
DATABASE_UNAVAILABLE_RETRY_AFTER = "30"  # seconds


def database_unavailable_detail() -> str:
    return gettext("The desk's database cannot be reached right now. Nothing was changed; try again shortly.")


class FactcheckError(Exception):
    """A rule of the desk was broken; `message` is translated (gettext) and shown to the user as is."""

    code = "invalid"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        # A lazy message (a module-level gettext_lazy) becomes text now, in the language of the request.
        message = str(message)
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details or {}


class NotAllowed(FactcheckError):
    code = "permission_denied"
    http_status = 403


class InvalidUpload(FactcheckError):
    code = "invalid_upload"


class DuplicateArticle(FactcheckError):
    code = "duplicate_article"
    http_status = 409

    def __init__(self, message: str, *, article: Any):
        super().__init__(message, details={"article_id": article.pk})
        self.article = article


class InvalidReview(FactcheckError):
    code = "invalid_review"


class VersionConflict(FactcheckError):
    """Someone recorded a verdict after the client loaded the claim."""

    code = "version_conflict"
    http_status = 409

    def __init__(self, message: str, *, claim: Any, latest_review: Any):
        super().__init__(message, details={"current_version": claim.version, "current_status": claim.status})
        self.claim = claim
        self.latest_review = latest_review


class SameReviewer(NotAllowed):
    """Two-person review: the proposer of a verdict may not be the one who confirms or rejects it."""

    code = "same_reviewer"


class WorkflowConflict(FactcheckError):
    """The claim is not in a state that allows the step: final, awaiting cross-check, nothing to confirm.

    `code` names the state (already_final, proposal_pending, no_proposal, not_final, already_assigned).
    """

    http_status = 409

    def __init__(self, message: str, *, code: str, claim: Any):
        super().__init__(message, code=code, details={"current_version": claim.version, "current_status": claim.status})
        self.claim = claim


class InvalidAssignee(FactcheckError):
    code = "invalid_assignee"


class UnknownParameter(FactcheckError):
    """A list was asked for with a query parameter it does not know: never silently ignored."""

    code = "unknown_parameter"

    def __init__(self, names: list[str]):
        super().__init__(
            gettext(
                "Unknown query parameter: %(parameters)s. See the API documentation (/api/docs/) for the ones "
                "you can use."
            )
            % {"parameters": ", ".join(names)},
            details={"parameters": names},
        )


class InvalidSpan(FactcheckError):
    """A span or split point a person chose does not make a claim: empty, outside the body, across paragraphs."""

    code = "invalid_span"


class CorrectionConflict(FactcheckError):
    """The claims are not in a state that allows the correction.

    `code` names why: claim_has_verdict (reopen it first), span_overlaps, not_adjacent, claim_has_history.
    """

    http_status = 409

    def __init__(self, message: str, *, code: str, details: dict[str, Any] | None = None):
        super().__init__(message, code=code, details=details)


class InvalidTokenRequest(FactcheckError):
    """A token was asked for with a scope, lifetime or name the desk does not issue (`details.field`)."""

    code = "invalid_token_request"


class TokenNotFound(FactcheckError):
    """The token to revoke is not one of the account's (or was revoked already)."""

    code = "not_found"
    http_status = 404


class ClaimReplaced(FactcheckError):
    """The claim a verdict was meant for no longer exists: a re-extraction replaced it (it had no review)."""

    code = "claim_replaced"
    http_status = 409
