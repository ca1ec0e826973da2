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

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from factcheck.errors import InvalidReview, NotAllowed, SameReviewer, VersionConflict, WorkflowConflict
from factcheck.models import Claim, Notification, Review, Source
from factcheck.services import notifications, roles

_http_url = URLValidator(schemes=["http", "https"])

Verdict, Action = Review.Verdict, Review.Action
DECISIONS = ("confirm", "reject")
NOT_A_REVIEWER = "판정을 기록할 권한이 없습니다. 검토자 계정으로 로그인하세요."


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
            raise NotAllowed("주장을 제외할 권한이 없습니다.")
    elif verdict in (Verdict.VERIFIED, Verdict.DISPUTED):
        roles.require(user, roles.REVIEW, NOT_A_REVIEWER)
    else:
        raise InvalidReview(
            "판정은 사실(verified), 사실 아님(disputed), 주장 아님(dismissed) 중 하나여야 합니다.",
            details={"verdict": "invalid_choice"},
        )

    note = (note or "").strip()
    if verdict != Verdict.DISMISSED:
        if not note:
            raise InvalidReview("판정 근거를 검토 메모에 적어 주세요.", details={"note": "required"})
        if not sources:
            raise InvalidReview("사실/사실 아님 판정에는 출처가 최소 1개 필요합니다.", details={"sources": "required"})
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
        if proposes:
            locked.proposal = review
        else:
            locked.status = verdict
        _save_step(locked)
    _copy_state(locked, claim)
    return review


def cross_check(*, user: Any, claim: Claim, decision: str, note: str, expected_version: int) -> Review:
    """A second reviewer confirms a proposal (the verdict becomes final) or rejects it with a note."""
    roles.require(user, roles.REVIEW, "교차 확인은 검토자만 할 수 있습니다.")
    if decision not in DECISIONS:
        raise InvalidReview(
            "교차 확인 결정은 확인(confirm) 또는 반려(reject)여야 합니다.", details={"decision": "invalid_choice"}
        )
    note = (note or "").strip()
    if decision == "reject" and not note:
        raise InvalidReview(
            "반려하는 이유를 메모에 적어 주세요. 제안한 검토자에게 전달됩니다.", details={"note": "required"}
        )

    with transaction.atomic():
        locked = _lock(claim, expected_version)
        proposal = locked.proposal
        if proposal is None:
            raise WorkflowConflict(
                "교차 확인을 기다리는 제안이 없습니다. 페이지를 새로 고쳐 현재 상태를 확인하세요.",
                code="no_proposal",
                claim=locked,
            )
        if proposal.reviewer_id == user.pk:
            raise SameReviewer(
                "자신이 제안한 판정은 확인하거나 반려할 수 없습니다. 다른 검토자가 교차 확인해야 합니다."
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
    roles.require(user, roles.REVIEW, "확정된 판정은 검토자만 재검토로 돌릴 수 있습니다.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidReview(
            "재검토하는 이유를 적어 주세요. 이전 검토자에게 전달됩니다.", details={"reason": "required"}
        )

    with transaction.atomic():
        locked = _lock(claim, expected_version)
        final = locked.reviews.filter(action__in=[Action.VERDICT, Action.CONFIRMATION]).first()
        if locked.status == Claim.Status.PENDING or final is None:
            raise WorkflowConflict("아직 확정된 판정이 없어 재검토할 것이 없습니다.", code="not_final", claim=locked)
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
    locked = Claim.objects.select_for_update().get(pk=claim.pk)
    if locked.proposal_id is not None:
        locked.proposal = Review.objects.select_related("reviewer").get(pk=locked.proposal_id)
    if locked.version != expected_version:
        latest = locked.reviews.select_related("reviewer").first()
        raise VersionConflict(_conflict_message(locked, latest), claim=locked, latest_review=latest)
    return locked


def _conflict_message(claim: Claim, latest: Review | None) -> str:
    if latest is None:
        return "그사이 이 주장이 바뀌었습니다. 최신 상태를 확인한 뒤 다시 기록하세요."
    who, verdict = latest.reviewer.get_username(), latest.get_verdict_display()
    did = {
        Action.VERDICT: f"'{verdict}'(으)로 판정했습니다",
        Action.PROPOSAL: f"'{verdict}'(으)로 제안했습니다",
        Action.CONFIRMATION: f"'{verdict}' 제안을 확인해 확정했습니다",
        Action.REJECTION: f"'{verdict}' 제안을 반려했습니다",
        Action.REOPENING: f"'{verdict}' 판정을 재검토로 돌렸습니다",
    }[latest.action]
    return f"그사이 {who}님이 이 주장을 {did}. 최신 판정을 확인한 뒤 다시 기록하세요."


def _require_open(claim: Claim) -> None:
    """A verdict goes only on a pending claim without a proposal: nothing is ever silently replaced."""
    if claim.status != Claim.Status.PENDING:
        raise WorkflowConflict(
            f"이미 '{claim.get_status_display()}'(으)로 확정된 주장입니다. 판정을 바꾸려면 검토자가 "
            "사유를 적어 재검토로 돌려야 합니다.",
            code="already_final",
            claim=claim,
        )
    if claim.proposal is not None:
        proposal = claim.proposal
        raise WorkflowConflict(
            f"{proposal.reviewer.get_username()}님의 '{proposal.get_verdict_display()}' 제안이 교차 확인을 "
            "기다리고 있습니다. 다른 판정이라면 그 제안을 반려하세요.",
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


def _clean_sources(sources: list[SourceInput]) -> list[Source]:
    cleaned, errors = [], {}
    for i, src in enumerate(sources):
        url, title = (src.url or "").strip(), (src.title or "").strip()
        try:
            _http_url(url)
        except ValidationError:
            errors[f"sources[{i}].url"] = "출처 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다."
        if not title:
            errors[f"sources[{i}].title"] = "출처 제목을 입력해 주세요."
        elif len(title) > 300:
            errors[f"sources[{i}].title"] = "출처 제목은 300자 이하여야 합니다."
        if len(src.publisher or "") > 200:
            errors[f"sources[{i}].publisher"] = "발행처는 200자 이하여야 합니다."
        cleaned.append(
            Source(
                url=url,
                title=title,
                publisher=(src.publisher or "").strip(),
                excerpt=(src.excerpt or "").strip(),
                accessed_at=src.accessed_at or timezone.now(),
            )
        )
    if errors:
        raise InvalidReview(next(iter(errors.values())), details=errors)
    return cleaned
