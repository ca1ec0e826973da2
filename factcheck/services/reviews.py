"""A claim's verdict workflow: verdicts and proposals, the second reviewer's cross-check, reopening.

Every step locks the claim row, checks the version the client saw, appends one `Review` row and
queues its notifications in the same transaction. A final verdict is never replaced: it changes
only through `reopen_claim`, with a reason, which puts the claim back to pending.

    pending ──verdict/dismiss──▶ final          (FACTCHECK_CROSS_CHECK=off, or a dismissal)
    pending ──propose──▶ pending+proposal ──confirm (another reviewer)──▶ final
                                          └─reject (with a note)──▶ pending
    final ──reopen (reviewer, with a reason)──▶ pending
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck import limits
from factcheck.errors import (
    ClaimReplaced,
    InvalidReview,
    NotAllowed,
    SameReviewer,
    VersionConflict,
    WorkflowConflict,
)
from factcheck.evidence import services as evidence
from factcheck.limits import MAX_SOURCES
from factcheck.models import Claim, Notification, Review, Source
from factcheck.services import notifications, roles

_http_url = URLValidator(schemes=["http", "https"])

Verdict, Action = Review.Verdict, Review.Action
DECISIONS = ("confirm", "reject")
NOT_A_REVIEWER = _("You may not record verdicts. Sign in with a reviewer account.")


@dataclass(frozen=True)
class SourceInput:
    url: str
    title: str
    publisher: str = ""
    excerpt: str = ""
    accessed_at: datetime | None = None


def cross_check_required() -> bool:
    return settings.CROSS_CHECK == "required"


def record_review(
    *,
    user: Any,
    claim: Claim,
    verdict: str,
    note: str,
    sources: list[SourceInput],
    expected_version: int,
) -> Review:
    """Record a verdict on an open claim, with its sources.

    Dismissal is final at once. Verified/disputed is a proposal awaiting a second reviewer while
    FACTCHECK_CROSS_CHECK=required (the default), final at once when it is off.
    """
    if verdict == Verdict.DISMISSED:
        if not (roles.has(user, roles.DISMISS) or roles.has(user, roles.REVIEW)):
            raise NotAllowed(gettext("You may not dismiss claims."))
    elif verdict in (Verdict.VERIFIED, Verdict.DISPUTED):
        roles.require(user, roles.REVIEW, NOT_A_REVIEWER)
    else:
        raise InvalidReview(
            gettext("The verdict must be verified, disputed or dismissed."),
            details={"verdict": "invalid_choice"},
        )

    note = _clean_note(note, "note")
    if verdict != Verdict.DISMISSED:
        if not note:
            raise InvalidReview(gettext("Write the grounds for the verdict in the note."), details={"note": "required"})
        if not sources:
            raise InvalidReview(
                gettext("A verified or disputed verdict needs at least one source."), details={"sources": "required"}
            )
    if len(sources) > MAX_SOURCES:
        raise InvalidReview(
            gettext("A verdict can cite at most %(n)d sources.") % {"n": MAX_SOURCES},
            code="too_many_sources",
            details={"sources": "too_many", "max_sources": MAX_SOURCES},
        )
    source_rows = _clean_sources(sources)
    proposes = verdict != Verdict.DISMISSED and cross_check_required()

    with transaction.atomic():
        locked = _lock(claim, expected_version)
        _require_open(locked)
        review = Review.objects.create(
            claim=locked,
            reviewer=user,
            action=Action.PROPOSAL if proposes else Action.VERDICT,
            verdict=verdict,
            note=note,
            claim_version=locked.version,
        )
        for src in source_rows:
            src.review = review
        Source.objects.bulk_create(source_rows)
        # Pending snapshots in this transaction; the pages are fetched after it commits (evidence.services).
        evidence.queue_snapshots(source_rows)
        if proposes:
            locked.proposal = review
        else:
            locked.status = verdict
        _save_step(locked)
    _copy_state(locked, claim)
    return review


def cross_check(*, user: Any, claim: Claim, decision: str, note: str, expected_version: int) -> Review:
    """A second reviewer confirms a proposal (the verdict becomes final) or rejects it with a note."""
    roles.require(user, roles.REVIEW, gettext("Only reviewers can cross-check."))
    if decision not in DECISIONS:
        raise InvalidReview(
            gettext("The cross-check decision must be confirm or reject."), details={"decision": "invalid_choice"}
        )
    note = _clean_note(note, "note")
    if decision == "reject" and not note:
        raise InvalidReview(
            gettext("Write why you reject it in the note. The proposing reviewer will see it."),
            details={"note": "required"},
        )

    with transaction.atomic():
        locked = _lock(claim, expected_version)
        proposal = locked.proposal
        if proposal is None:
            raise WorkflowConflict(
                gettext("There is no proposal awaiting cross-check. Reload the page to see the current state."),
                code="no_proposal",
                claim=locked,
            )
        if proposal.reviewer_id == user.pk:
            raise SameReviewer(
                gettext(
                    "You cannot confirm or reject a verdict you proposed yourself. Another reviewer must "
                    "cross-check it."
                )
            )
        confirmed = decision == "confirm"
        review = Review.objects.create(
            claim=locked,
            reviewer=user,
            action=Action.CONFIRMATION if confirmed else Action.REJECTION,
            verdict=proposal.verdict,
            responds_to=proposal,
            note=note,
            claim_version=locked.version,
        )
        locked.proposal = None
        if confirmed:
            locked.status = proposal.verdict
        _save_step(locked)
        notifications.notify(
            recipient=proposal.reviewer,
            kind=Notification.Kind.PROPOSAL_CONFIRMED if confirmed else Notification.Kind.PROPOSAL_REJECTED,
            actor=user,
            article_id=locked.article_id,
            claim_id=locked.pk,
            note=note,
        )
    _copy_state(locked, claim)
    return review


def reopen_claim(*, user: Any, claim: Claim, reason: str, expected_version: int) -> Review:
    """Put a final claim back to pending, with the reason, so it can be checked again."""
    roles.require(user, roles.REVIEW, gettext("Only reviewers can reopen a final verdict."))
    reason = _clean_note(reason, "reason")
    if not reason:
        raise InvalidReview(
            gettext("Write why you reopen it. The earlier reviewers will see it."), details={"reason": "required"}
        )

    with transaction.atomic():
        locked = _lock(claim, expected_version)
        final = locked.reviews.filter(action__in=[Action.VERDICT, Action.CONFIRMATION]).first()
        if locked.status == Claim.Status.PENDING or final is None:
            raise WorkflowConflict(
                gettext("There is no final verdict yet, so there is nothing to reopen."), code="not_final", claim=locked
            )
        review = Review.objects.create(
            claim=locked,
            reviewer=user,
            action=Action.REOPENING,
            verdict=locked.status,
            responds_to=final,
            note=reason,
            claim_version=locked.version,
        )
        earlier_reviewers = (
            locked.reviews.exclude(reviewer=user).values_list("reviewer", flat=True).distinct().order_by()
        )
        locked.status = Claim.Status.PENDING
        _save_step(locked)
        for recipient in get_user_model().objects.filter(pk__in=earlier_reviewers):
            notifications.notify(
                recipient=recipient,
                kind=Notification.Kind.CLAIM_REOPENED,
                actor=user,
                article_id=locked.article_id,
                claim_id=locked.pk,
                note=reason,
            )
    _copy_state(locked, claim)
    return review


# ------------------------------------------------------------------------------------------------


def _lock(claim: Claim, expected_version: int) -> Claim:
    """The claim row, locked until the transaction ends; refused if someone acted since the client looked.

    The row lock serialises two reviewers submitting at once, and the second one sees the bumped version.
    """
    # No joins in the locking query: a row PostgreSQL hands over after waiting for the lock comes with
    # the joined rows as they were before the wait. Related rows are read after the lock instead.
    locked = Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if locked is None:
        # A re-extraction replaced the claim while the reviewer looked at it (it had no verdict yet).
        raise ClaimReplaced(
            gettext(
                "This claim was replaced meanwhile: its article's claims were extracted again. Reload the article "
                "and find the sentence there."
            )
        )
    if locked.proposal_id is not None:
        locked.proposal = Review.objects.select_related("reviewer").get(pk=locked.proposal_id)
    if locked.version != expected_version:
        latest = locked.reviews.select_related("reviewer").first()
        raise VersionConflict(_conflict_message(locked, latest), claim=locked, latest_review=latest)
    return locked


# One whole sentence per step, so each language can order it its own way.
_CONFLICT_MESSAGES = {
    Action.VERDICT: _(
        "Meanwhile %(reviewer)s gave this claim the verdict '%(verdict)s'. Check the latest verdict, then record again."
    ),
    Action.PROPOSAL: _(
        "Meanwhile %(reviewer)s proposed '%(verdict)s' for this claim. Check the latest verdict, then record again."
    ),
    Action.CONFIRMATION: _(
        "Meanwhile %(reviewer)s confirmed the proposal '%(verdict)s' for this claim, making it final. Check the "
        "latest verdict, then record again."
    ),
    Action.REJECTION: _(
        "Meanwhile %(reviewer)s rejected the proposal '%(verdict)s' for this claim. Check the latest verdict, then "
        "record again."
    ),
    Action.REOPENING: _(
        "Meanwhile %(reviewer)s reopened the verdict '%(verdict)s' on this claim. Check the latest verdict, then "
        "record again."
    ),
}


def _conflict_message(claim: Claim, latest: Review | None) -> str:
    if latest is None:
        return gettext("This claim changed in the meantime. Check its latest state, then record again.")
    return _CONFLICT_MESSAGES[latest.action] % {
        "reviewer": latest.reviewer.get_username(),
        "verdict": latest.get_verdict_display(),
    }


def _require_open(claim: Claim) -> None:
    """A verdict goes only on a pending claim without a proposal: nothing is ever silently replaced."""
    if claim.status != Claim.Status.PENDING:
        raise WorkflowConflict(
            gettext(
                "This claim is already final as '%(status)s'. To change the verdict, a reviewer must reopen it "
                "with a reason."
            )
            % {"status": claim.get_status_display()},
            code="already_final",
            claim=claim,
        )
    if claim.proposal is not None:
        proposal = claim.proposal
        raise WorkflowConflict(
            gettext(
                "%(reviewer)s's proposal '%(verdict)s' is awaiting cross-check. If you disagree, reject that proposal."
            )
            % {"reviewer": proposal.reviewer.get_username(), "verdict": proposal.get_verdict_display()},
            code="proposal_pending",
            claim=claim,
        )


def _save_step(claim: Claim) -> None:
    claim.version += 1
    claim.save(update_fields=["status", "proposal", "version", "updated_at"])


def _copy_state(source: Claim, target: Claim) -> None:
    """Let the caller's claim object show the new state without another query."""
    if source is not target:
        target.status, target.version, target.proposal = source.status, source.version, source.proposal


def _clean_note(value: str | None, key: str) -> str:
    """A note or reason as stored (NFC, trimmed); refused when it breaks Review.note's limits."""
    value = limits.clean_text(value)
    label = Review._meta.get_field("note").verbose_name
    problem = limits.text_problem(value, label=label, max_chars=limits.NOTE_MAX_CHARS)
    if problem:
        raise InvalidReview(problem.message, details={key: problem.code})
    return value


_SOURCE_LIMITS = {
    "url": limits.SOURCE_URL,
    "title": limits.SOURCE_TITLE,
    "publisher": limits.SOURCE_PUBLISHER,
    "excerpt": limits.EXCERPT_MAX_CHARS,
}


def _clean_sources(sources: list[SourceInput]) -> list[Source]:
    cleaned, errors = [], {}
    for i, src in enumerate(sources):
        values = {part: limits.clean_text(getattr(src, part)) for part in _SOURCE_LIMITS}
        for part, value in values.items():
            label = Source._meta.get_field(part).verbose_name
            problem = limits.text_problem(value, label=label, max_chars=_SOURCE_LIMITS[part])
            if problem:
                errors[f"sources[{i}].{part}"] = problem.message
        url_key = f"sources[{i}].url"
        if url_key not in errors:
            problem = _source_url_problem(values["url"])
            if problem:
                errors[url_key] = problem
        if not values["title"]:
            errors[f"sources[{i}].title"] = gettext("Enter the source's title.")
        time_problem = limits.time_problem(src.accessed_at)
        if time_problem:
            errors[f"sources[{i}].accessed_at"] = time_problem
        cleaned.append(Source(**values, accessed_at=src.accessed_at or timezone.now()))
    if errors:
        raise InvalidReview(next(iter(errors.values())), details=errors)
    return cleaned


def _source_url_problem(url: str) -> str | None:
    """An http(s) address anyone can open: never `localhost` nor an address of a private, loopback,
    link-local or reserved network (127.0.0.1, 10.x, 169.254.169.254, [::1], [::ffff:127.0.0.1]…).

    A host name is not resolved here: what it points to is the archiver's business (fetch.py checks every
    address it connects to). EVIDENCE_ALLOWED_ADDRESSES, empty outside tests, names the only exceptions.
    """
    try:
        _http_url(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (ValidationError, ValueError):  # ValueError: a port past 65535
        return gettext("The source URL must be a valid address starting with http:// or https://.")
    host = (parts.hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return str(_NOT_PUBLIC)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    allowed = {(a, p) for a, p in getattr(settings, "EVIDENCE_ALLOWED_ADDRESSES", ())}
    if address.is_global or (str(address), port) in allowed:
        return None
    return str(_NOT_PUBLIC)


_NOT_PUBLIC = _("The source URL must be a public web address, not a local or private network address.")
