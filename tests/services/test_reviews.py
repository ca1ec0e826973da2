"""The verdict workflow: proposals, the second reviewer's cross-check, reopening, and never overwriting."""

from __future__ import annotations

import pytest
from django.core import mail

from factcheck import services
from factcheck.errors import InvalidReview, NotAllowed, SameReviewer, VersionConflict, WorkflowConflict
from factcheck.models import Claim, Notification, Review
from tests.workflow import confirm, dismiss, finalise, fresh, propose, reject, reopen

pytestmark = pytest.mark.django_db


# Proposals and the cross-check -------------------------------------------------------------------


def test_a_proposal_leaves_the_claim_pending_until_a_second_reviewer_confirms(claim_1750, reviewer, other_reviewer):
    proposal = propose(claim_1750, reviewer, "disputed")
    claim = fresh(claim_1750)
    assert (claim.status, claim.proposal, claim.version) == ("pending", proposal, 2)

    confirmation = confirm(claim_1750, other_reviewer, note="원문 확인")

    claim = fresh(claim_1750)
    assert (claim.status, claim.proposal, claim.version) == ("disputed", None, 3)
    assert (confirmation.action, confirmation.verdict, confirmation.responds_to) == (
        "confirmation",
        "disputed",
        proposal,
    )
    assert (confirmation.reviewer, confirmation.note, confirmation.claim_version) == (other_reviewer, "원문 확인", 2)


def test_the_proposer_can_never_confirm_their_own_verdict(claim_1750, reviewer):
    propose(claim_1750, reviewer)

    for decision in ("confirm", "reject"):
        with pytest.raises(SameReviewer) as excinfo:
            services.cross_check(user=reviewer, claim=claim_1750, decision=decision, note="x", expected_version=2)
        assert excinfo.value.code == "same_reviewer"
        assert excinfo.value.http_status == 403
    claim = fresh(claim_1750)
    assert (claim.status, claim.version) == ("pending", 2)
    assert Review.objects.count() == 1


def test_a_rejection_needs_a_note_and_returns_the_claim_to_pending(claim_1750, reviewer, other_reviewer):
    proposal = propose(claim_1750, reviewer)
    with pytest.raises(InvalidReview) as excinfo:
        services.cross_check(user=other_reviewer, claim=claim_1750, decision="reject", note="  ", expected_version=2)
    assert excinfo.value.details == {"note": "required"}
    assert fresh(claim_1750).proposal == proposal

    rejection = reject(claim_1750, other_reviewer)

    claim = fresh(claim_1750)
    assert (claim.status, claim.proposal, claim.version) == ("pending", None, 3)
    assert (rejection.action, rejection.verdict, rejection.responds_to) == ("rejection", "verified", proposal)
    # The rejected proposal, its sources and the rejection all stay in the history.
    assert list(claim.reviews.values_list("action", flat=True)) == ["rejection", "proposal"]
    assert proposal.sources.count() == 1


def test_after_a_rejection_anyone_may_propose_again(claim_1750, reviewer, other_reviewer):
    propose(claim_1750, reviewer)
    reject(claim_1750, other_reviewer)

    again = propose(claim_1750, other_reviewer, "disputed")
    confirm(claim_1750, reviewer)

    assert fresh(claim_1750).status == "disputed"
    assert again.action == "proposal"


def test_cross_check_without_a_proposal_is_a_conflict(claim_1750, other_reviewer):
    with pytest.raises(WorkflowConflict) as excinfo:
        services.cross_check(user=other_reviewer, claim=claim_1750, decision="confirm", note="", expected_version=1)
    assert (excinfo.value.code, excinfo.value.http_status) == ("no_proposal", 409)
    assert not Review.objects.exists()


def test_cross_check_against_an_old_version_is_a_conflict(claim_1750, reviewer, other_reviewer, staff):
    propose(claim_1750, reviewer)
    confirm(claim_1750, staff)

    with pytest.raises(VersionConflict):
        services.cross_check(user=other_reviewer, claim=claim_1750, decision="reject", note="x", expected_version=2)
    assert fresh(claim_1750).status == "verified"
    assert Review.objects.count() == 2


def test_editors_cannot_cross_check(claim_1750, reviewer, editor):
    propose(claim_1750, reviewer)
    with pytest.raises(NotAllowed):
        services.cross_check(user=editor, claim=claim_1750, decision="confirm", note="", expected_version=2)
    assert fresh(claim_1750).proposal is not None


def test_a_second_proposal_never_replaces_the_first(claim_1750, reviewer, other_reviewer):
    first = propose(claim_1750, reviewer)

    with pytest.raises(WorkflowConflict) as excinfo:
        propose(claim_1750, other_reviewer, "disputed")

    assert excinfo.value.code == "proposal_pending"
    assert "reviewer님의 '사실' 제안" in excinfo.value.message
    assert fresh(claim_1750).proposal == first
    assert Review.objects.count() == 1


def test_dismissal_is_final_at_once(claim_1750, editor):
    review = dismiss(claim_1750, editor)

    claim = fresh(claim_1750)
    assert (claim.status, claim.proposal, review.action) == ("dismissed", None, "verdict")


# Never overwrite ---------------------------------------------------------------------------------


def test_an_editor_cannot_dismiss_a_claim_a_reviewer_verified_with_sources(
    claim_1750, reviewer, other_reviewer, editor
):
    """The defect that started it: a sourced verdict was silently replaced by an editor's dismissal."""
    finalise(claim_1750, reviewer, other_reviewer)

    with pytest.raises(WorkflowConflict) as excinfo:
        dismiss(claim_1750, editor)

    assert excinfo.value.code == "already_final"
    assert "재검토" in excinfo.value.message
    claim = fresh(claim_1750)
    assert (claim.status, claim.version) == ("verified", 3)
    assert list(claim.reviews.values_list("action", flat=True)) == ["confirmation", "proposal"]


def test_an_editor_cannot_dismiss_a_claim_with_a_proposal(claim_1750, reviewer, editor):
    propose(claim_1750, reviewer)

    with pytest.raises(WorkflowConflict) as excinfo:
        dismiss(claim_1750, editor)

    assert excinfo.value.code == "proposal_pending"
    assert fresh(claim_1750).status == "pending"


def test_a_final_verdict_changes_only_through_reopen(claim_1750, reviewer, other_reviewer, staff):
    finalise(claim_1750, reviewer, other_reviewer, "verified")
    with pytest.raises(WorkflowConflict):
        propose(claim_1750, staff, "disputed")

    reopening = reopen(claim_1750, staff)
    propose(claim_1750, staff, "disputed")
    confirm(claim_1750, reviewer)

    claim = fresh(claim_1750)
    assert claim.status == "disputed"
    history = list(claim.reviews.values_list("action", "verdict", "reviewer__username"))
    assert history == [
        ("confirmation", "disputed", "reviewer"),
        ("proposal", "disputed", "staff"),
        ("reopening", "verified", "staff"),
        ("confirmation", "verified", "reviewer2"),
        ("proposal", "verified", "reviewer"),
    ]
    assert reopening.responds_to == claim.reviews.get(action="confirmation", verdict="verified")
    assert reopening.note == "새 자료: 논문 개정판의 수치가 다름"


def test_reopening_needs_a_reason_a_reviewer_and_a_final_verdict(claim_1750, reviewer, other_reviewer, editor):
    with pytest.raises(WorkflowConflict) as excinfo:
        reopen(claim_1750, reviewer)
    assert excinfo.value.code == "not_final"

    dismiss(claim_1750, editor)
    with pytest.raises(NotAllowed):
        reopen(claim_1750, editor)
    with pytest.raises(InvalidReview) as excinfo:
        services.reopen_claim(user=reviewer, claim=claim_1750, reason=" ", expected_version=2)
    assert excinfo.value.details == {"reason": "required"}
    assert fresh(claim_1750).status == "dismissed"

    reopen(claim_1750, reviewer)
    assert fresh(claim_1750).status == "pending"


def test_history_rows_are_never_rewritten(claim_1750, reviewer, other_reviewer):
    proposal = propose(claim_1750, reviewer)
    before = Review.objects.values().get(pk=proposal.pk)

    confirm(claim_1750, other_reviewer)
    reopen(claim_1750, other_reviewer)

    assert Review.objects.values().get(pk=proposal.pk) == before


def test_one_person_desk_has_no_proposals_but_still_never_overwrites(claim_1750, reviewer, settings):
    settings.CROSS_CHECK = "off"
    verdict = propose(claim_1750, reviewer, "verified")

    assert (verdict.action, fresh(claim_1750).status) == ("verdict", "verified")
    with pytest.raises(WorkflowConflict):
        propose(claim_1750, reviewer, "disputed")
    reopen(claim_1750, reviewer)
    propose(claim_1750, reviewer, "disputed")
    assert fresh(claim_1750).status == "disputed"


# Notifications from the workflow -----------------------------------------------------------------


def test_the_proposer_is_told_of_a_confirmation_and_a_rejection(claim_1750, reviewer, other_reviewer):
    propose(claim_1750, reviewer)
    reject(claim_1750, other_reviewer, note="다른 모델의 수치")
    propose(claim_1750, reviewer)
    confirm(claim_1750, other_reviewer)

    notices = list(Notification.objects.filter(recipient=reviewer).order_by("id"))
    assert [(n.kind, n.actor, n.claim) for n in notices] == [
        ("proposal_rejected", other_reviewer, claim_1750),
        ("proposal_confirmed", other_reviewer, claim_1750),
    ]
    assert notices[0].note == "다른 모델의 수치"
    assert notices[0].message.startswith("reviewer2님이 내 판정 제안을 반려했습니다")
    assert not Notification.objects.filter(recipient=other_reviewer).exists()


def test_everyone_who_reviewed_a_claim_is_told_it_was_reopened_except_the_one_reopening(
    claim_1750, reviewer, other_reviewer, staff
):
    finalise(claim_1750, reviewer, other_reviewer)
    reopen(claim_1750, staff, reason="정정 보도 확인")

    reopened = Notification.objects.filter(kind=Notification.Kind.CLAIM_REOPENED)
    assert sorted(n.recipient.username for n in reopened) == ["reviewer", "reviewer2"]
    assert {n.note for n in reopened} == {"정정 보도 확인"}

    Notification.objects.all().delete()
    reopen_by_a_reviewer_of_it = finalise(claim_1750, staff, reviewer)
    reopen(reopen_by_a_reviewer_of_it, reviewer)
    assert sorted(Notification.objects.filter(kind="claim_reopened").values_list("recipient__username", flat=True)) == [
        "reviewer2",
        "staff",
    ]


def test_a_notification_is_e_mailed_after_the_change_commits(
    claim_1750, reviewer, other_reviewer, django_capture_on_commit_callbacks
):
    reviewer.email = "reviewer@newsroom.example"
    reviewer.save()
    propose(claim_1750, reviewer)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        confirm(claim_1750, other_reviewer)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reviewer@newsroom.example"]
    assert message.subject.startswith("[팩트체크 데스크] reviewer2님이 내 판정 제안을 확인했습니다")
    assert claim_1750.text in message.body
    assert f"/claims/{claim_1750.pk}/" in message.body


def test_a_failed_step_notifies_nobody(claim_1750, reviewer, other_reviewer, monkeypatch):
    propose(claim_1750, reviewer)

    def broken_save(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Claim, "save", broken_save)
    with pytest.raises(RuntimeError):
        confirm(claim_1750, other_reviewer)

    assert not Notification.objects.filter(recipient=reviewer).exists()
    assert Review.objects.count() == 1  # the confirmation row was rolled back with it
