"""Who checks what: editors assign, reviewers take free claims, nobody's review form goes stale because of it."""

from __future__ import annotations

import pytest

from factcheck import services
from factcheck.errors import InvalidAssignee, NotAllowed, WorkflowConflict
from factcheck.models import Claim, Notification
from tests.workflow import finalise, fresh, propose

pytestmark = pytest.mark.django_db


def test_an_editor_assigns_a_claim_and_the_reviewer_is_told(claim_1750, editor, reviewer):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)

    claim = fresh(claim_1750)
    assert (claim.assignee, claim.version) == (reviewer, 1)  # assignment is not a verdict: no version bump
    assert claim.assigned_at is not None
    notice = Notification.objects.get(recipient=reviewer)
    assert (notice.kind, notice.actor, notice.claim, notice.claim_count) == ("assigned", editor, claim, 1)
    assert notice.message == f"editor님이 「{claim.article.title}」의 주장을 배정했습니다."


def test_an_editor_reassigns_and_clears(claim_1750, editor, reviewer, other_reviewer):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)
    services.assign_claim(user=editor, claim=claim_1750, assignee=other_reviewer)
    assert fresh(claim_1750).assignee == other_reviewer

    services.assign_claim(user=editor, claim=claim_1750, assignee=None)
    claim = fresh(claim_1750)
    assert (claim.assignee, claim.assigned_at) == (None, None)
    assert Notification.objects.filter(kind="assigned").count() == 2


def test_assigning_the_same_person_again_changes_nothing(claim_1750, editor, reviewer):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)

    assert Notification.objects.filter(kind="assigned").count() == 1


def test_only_reviewers_can_be_assigned(claim_1750, editor, outsider):
    for person in (editor, outsider):
        with pytest.raises(InvalidAssignee) as excinfo:
            services.assign_claim(user=editor, claim=claim_1750, assignee=person)
        assert excinfo.value.details == {"assignee": "not_a_reviewer"}
    assert fresh(claim_1750).assignee is None


def test_a_reviewer_takes_a_free_claim_without_notifying_themselves(claim_1750, reviewer):
    services.assign_claim(user=reviewer, claim=claim_1750, assignee=reviewer)

    assert fresh(claim_1750).assignee == reviewer
    assert not Notification.objects.filter(kind="assigned").exists()


def test_a_reviewer_cannot_take_a_claim_someone_else_has(claim_1750, reviewer, other_reviewer):
    services.assign_claim(user=reviewer, claim=claim_1750, assignee=reviewer)

    with pytest.raises(WorkflowConflict) as excinfo:
        services.assign_claim(user=other_reviewer, claim=claim_1750, assignee=other_reviewer)

    assert excinfo.value.code == "already_assigned"
    assert "reviewer님이 맡은 주장" in excinfo.value.message
    assert fresh(claim_1750).assignee == reviewer


def test_a_reviewer_gives_back_only_their_own_claim(claim_1750, reviewer, other_reviewer):
    services.assign_claim(user=reviewer, claim=claim_1750, assignee=reviewer)
    with pytest.raises(NotAllowed):
        services.assign_claim(user=other_reviewer, claim=claim_1750, assignee=None)
    with pytest.raises(NotAllowed):
        services.assign_claim(user=reviewer, claim=claim_1750, assignee=other_reviewer)

    services.assign_claim(user=reviewer, claim=claim_1750, assignee=None)
    assert fresh(claim_1750).assignee is None


def test_people_without_a_role_assign_nothing(claim_1750, outsider, reviewer):
    with pytest.raises(NotAllowed):
        services.assign_claim(user=outsider, claim=claim_1750, assignee=reviewer)
    assert fresh(claim_1750).assignee is None


def test_a_final_claim_is_not_assigned_but_may_be_cleared(claim_1750, editor, reviewer, other_reviewer):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)
    finalise(claim_1750, reviewer, other_reviewer)

    with pytest.raises(WorkflowConflict) as excinfo:
        services.assign_claim(user=editor, claim=claim_1750, assignee=other_reviewer)
    assert excinfo.value.code == "already_final"
    services.assign_claim(user=editor, claim=claim_1750, assignee=None)
    assert fresh(claim_1750).assignee is None


def test_an_editor_assigns_every_pending_claim_of_an_article_with_one_notification(
    seed_article, editor, reviewer, other_reviewer, claim_1750
):
    finalise(claim_1750, reviewer, other_reviewer)
    pending = seed_article.claims.filter(status="pending")

    count = services.assign_article_claims(user=editor, article=seed_article, assignee=other_reviewer)

    assert count == pending.count() > 5
    assert set(pending.values_list("assignee", flat=True)) == {other_reviewer.pk}
    assert fresh(claim_1750).assignee is None  # final claims are left alone
    notice = Notification.objects.get(kind="assigned")
    assert (notice.recipient, notice.claim_count, notice.claim) == (other_reviewer, count, None)
    assert f"주장 {count}개를 배정했습니다" in notice.message
    # Again: nothing new to assign, nobody notified twice.
    assert services.assign_article_claims(user=editor, article=seed_article, assignee=other_reviewer) == 0
    assert Notification.objects.filter(kind="assigned").count() == 1


def test_assigning_an_article_is_for_editors(seed_article, reviewer):
    with pytest.raises(NotAllowed):
        services.assign_article_claims(user=reviewer, article=seed_article, assignee=reviewer)
    assert not Claim.objects.filter(assignee__isnull=False).exists()


def test_reextraction_keeps_assignments_and_proposals(seed_article, claim_1750, editor, reviewer):
    services.assign_claim(user=editor, claim=claim_1750, assignee=reviewer)
    other = seed_article.claims.exclude(pk=claim_1750.pk).first()
    services.assign_claim(user=editor, claim=other, assignee=reviewer)
    proposal = propose(claim_1750, reviewer)
    ids = set(seed_article.claims.values_list("pk", flat=True))

    services.extract_article_claims(article_id=seed_article.pk)

    assert set(seed_article.claims.values_list("pk", flat=True)) == ids  # same rows, refreshed in place
    assert (fresh(claim_1750).assignee, fresh(claim_1750).proposal) == (reviewer, proposal)
    assert fresh(other).assignee == reviewer
