"""Who is checking what: editors assign claims to reviewers; a reviewer takes an unassigned claim."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from factcheck.errors import InvalidAssignee, NotAllowed, WorkflowConflict
from factcheck.models import Article, Claim, Notification
from factcheck.services import notifications, roles


def assign_claim(*, user: Any, claim: Claim, assignee: Any | None) -> Claim:
    """Give a claim to a reviewer (None: to nobody).

    Editors assign and reassign freely; a reviewer may only take an unassigned claim or give back
    their own. Assignment is not a verdict: it does not bump the claim's version, so nobody's open
    review form goes stale because of it.
    """
    if not (roles.has(user, roles.ASSIGN) or roles.has(user, roles.REVIEW)):
        raise NotAllowed("주장을 배정할 권한이 없습니다.")
    if assignee is not None:
        _check_assignee(assignee)
    with transaction.atomic():
        # Lock the bare row: joined rows would be as they were before waiting for the lock (see reviews._lock).
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if not roles.has(user, roles.ASSIGN):
            _check_self_service(user, locked, assignee)
        if assignee is not None and locked.status != Claim.Status.PENDING:
            raise WorkflowConflict(
                f"이미 '{locked.get_status_display()}'(으)로 확정된 주장은 배정할 수 없습니다.",
                code="already_final",
                claim=locked,
            )
        new_id = assignee.pk if assignee is not None else None
        if locked.assignee_id != new_id:
            locked.assignee = assignee
            locked.assigned_at = timezone.now() if assignee is not None else None
            locked.save(update_fields=["assignee", "assigned_at", "updated_at"])
            if assignee is not None and assignee.pk != user.pk:
                notifications.notify(
                    recipient=assignee,
                    kind=Notification.Kind.ASSIGNED,
                    actor=user,
                    article_id=locked.article_id,
                    claim_id=locked.pk,
                )
    claim.assignee, claim.assigned_at = locked.assignee, locked.assigned_at
    return claim


def assign_article_claims(*, user: Any, article: Article, assignee: Any) -> int:
    """Give every pending claim of an article to one reviewer; one notification says how many."""
    roles.require(user, roles.ASSIGN, "기사의 주장을 한꺼번에 배정할 권한이 없습니다. 편집자에게 요청하세요.")
    if assignee is None:
        raise InvalidAssignee("배정할 검토자를 골라 주세요.", details={"assignee": "required"})
    _check_assignee(assignee)
    with transaction.atomic():
        # Lock the claims being reassigned, so a reviewer taking one of them at the same moment waits.
        ids = list(
            Claim.objects.select_for_update()
            .filter(article=article, status=Claim.Status.PENDING, is_stale=False)
            .exclude(assignee=assignee)
            .values_list("pk", flat=True)
        )
        if ids:
            Claim.objects.filter(pk__in=ids).update(
                assignee=assignee, assigned_at=timezone.now(), updated_at=timezone.now()
            )
            if assignee.pk != user.pk:
                notifications.notify(
                    recipient=assignee,
                    kind=Notification.Kind.ASSIGNED,
                    actor=user,
                    article_id=article.pk,
                    claim_id=ids[0] if len(ids) == 1 else None,
                    claim_count=len(ids),
                )
    return len(ids)


def _check_assignee(assignee: Any) -> None:
    if not roles.is_reviewer(assignee):
        raise InvalidAssignee(
            f"{assignee.get_username()}님은 검토자가 아니어서 주장을 맡을 수 없습니다.",
            details={"assignee": "not_a_reviewer"},
        )


def _check_self_service(user: Any, claim: Claim, assignee: Any | None) -> None:
    """A reviewer without the editors' assign permission: take a free claim, or give back one's own."""
    taking = assignee is not None and assignee.pk == user.pk
    if taking and claim.assignee_id in (None, user.pk):
        return
    if assignee is None and claim.assignee_id in (None, user.pk):
        return
    if taking:
        raise WorkflowConflict(
            f"이미 {claim.assignee.get_username()}님이 맡은 주장입니다. 바꾸려면 편집자에게 요청하세요.",
            code="already_assigned",
            claim=claim,
        )
    raise NotAllowed("검토자는 배정되지 않은 주장을 직접 맡거나 자신이 맡은 주장을 내려놓을 수만 있습니다.")
