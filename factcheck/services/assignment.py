"""Who is checking what: editors assign claims to reviewers; a reviewer takes an unassigned claim."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

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
        raise NotAllowed(gettext("You may not assign claims."))
    if assignee is not None:
        _check_assignee(assignee)
    with transaction.atomic():
        # Lock the bare row: joined rows would be as they were before waiting for the lock (see reviews._lock).
        locked = Claim.objects.select_for_update().get(pk=claim.pk)
        if not roles.has(user, roles.ASSIGN):
            _check_self_service(user, locked, assignee)
        if assignee is not None and locked.status != Claim.Status.PENDING:
            raise WorkflowConflict(
                gettext("This claim is already final as '%(status)s' and cannot be assigned.")
                % {"status": locked.get_status_display()},
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
    roles.require(user, roles.ASSIGN, gettext("You may not assign all of an article's claims at once. Ask an editor."))
    if assignee is None:
        raise InvalidAssignee(gettext("Choose the reviewer to assign."), details={"assignee": "required"})
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
            gettext("%(username)s is not a reviewer and cannot take claims.") % {"username": assignee.get_username()},
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
            gettext("%(username)s has already taken this claim. Ask an editor to change that.")
            % {"username": claim.assignee.get_username()},
            code="already_assigned",
            claim=claim,
        )
    raise NotAllowed(gettext("A reviewer can only take an unassigned claim or give back their own."))
