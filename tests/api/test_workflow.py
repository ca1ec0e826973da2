"""The team endpoints: cross-check, reopen, assignment, and notifications, as a newsroom system calls them."""

from __future__ import annotations

import pytest

from factcheck.models import Claim, Notification, Review
from tests.workflow import finalise, fresh, propose

pytestmark = pytest.mark.django_db


def post(client, url: str, body: dict | None = None):
    return client.post(url, body or {}, format="json")


def test_a_second_reviewer_confirms_a_proposal(client_as, claim_1750, reviewer, other_reviewer):
    proposal = propose(claim_1750, reviewer, "disputed")

    response = post(
        client_as("other_reviewer"), f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "confirm", "version": 2}
    )

    assert response.status_code == 201
    body = response.json()
    confirmation = Review.objects.get(action="confirmation")
    assert body["review"] == {
        "id": confirmation.pk,
        "action": "confirmation",
        "verdict": "disputed",
        "note": "",
        "reviewer": "reviewer2",
        "responds_to": proposal.pk,
        "created_at": body["review"]["created_at"],
        "claim_version": 2,
        "sources": [],
    }
    assert body["claim"] == {
        "id": claim_1750.pk,
        "status": "disputed",
        "version": 3,
        "assignee": None,
        "proposal": None,
    }


def test_the_proposer_gets_403_same_reviewer(client_as, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = post(
        client_as("reviewer"), f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "confirm", "version": 2}
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "same_reviewer",
        "detail": "자신이 제안한 판정은 확인하거나 반려할 수 없습니다. 다른 검토자가 교차 확인해야 합니다.",
    }
    assert fresh(claim_1750).proposal is not None


def test_a_stale_cross_check_is_409_with_the_newer_step(client_as, claim_1750, reviewer, other_reviewer, staff):
    propose(claim_1750, reviewer)
    post(
        client_as("staff"),
        f"/api/claims/{claim_1750.pk}/cross-check/",
        {"decision": "reject", "note": "근거 부족", "version": 2},
    )

    response = post(
        client_as("other_reviewer"), f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "confirm", "version": 2}
    )

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["current_version"], body["current_status"]) == ("version_conflict", 3, "pending")
    assert (
        body["detail"]
        == "그사이 staff님이 이 주장을 '사실' 제안을 반려했습니다. 최신 판정을 확인한 뒤 다시 기록하세요."
    )
    assert body["latest_review"]["action"] == "rejection"


def test_a_rejection_without_a_note_is_a_400(client_as, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = post(
        client_as("other_reviewer"), f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "reject", "version": 2}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_review"
    assert response.json()["note"] == "required"


@pytest.mark.parametrize(
    "body", [{}, {"decision": "approve", "version": 2}, {"decision": "confirm"}, {"decision": "confirm", "version": 0}]
)
def test_a_malformed_cross_check_names_the_field(client_as, claim_1750, reviewer, body):
    propose(claim_1750, reviewer)

    response = post(client_as("other_reviewer"), f"/api/claims/{claim_1750.pk}/cross-check/", body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) <= {"decision", "version"}
    assert Review.objects.count() == 1


def test_cross_check_with_nothing_to_check_is_409(client_as, claim_1750):
    response = post(
        client_as("other_reviewer"), f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "confirm", "version": 1}
    )

    assert (response.status_code, response.json()["code"]) == (409, "no_proposal")


def test_reopen_puts_a_final_claim_back_to_pending(client_as, claim_1750, reviewer, other_reviewer, staff):
    finalise(claim_1750, reviewer, other_reviewer)

    response = post(client_as("staff"), f"/api/claims/{claim_1750.pk}/reopen/", {"reason": "정정 보도", "version": 3})

    assert response.status_code == 201
    assert response.json()["review"]["action"] == "reopening"
    assert response.json()["review"]["verdict"] == "verified"
    assert response.json()["review"]["note"] == "정정 보도"
    assert response.json()["claim"]["status"] == "pending"
    assert sorted(Notification.objects.filter(kind="claim_reopened").values_list("recipient__username", flat=True)) == [
        "reviewer",
        "reviewer2",
    ]


def test_reopen_errors(client_as, claim_1750, reviewer, other_reviewer):
    client = client_as("reviewer")
    not_final = post(client, f"/api/claims/{claim_1750.pk}/reopen/", {"reason": "x", "version": 1})
    finalise(claim_1750, reviewer, other_reviewer)
    no_reason = post(client, f"/api/claims/{claim_1750.pk}/reopen/", {"version": 3})

    assert (not_final.status_code, not_final.json()["code"]) == (409, "not_final")
    assert (no_reason.status_code, no_reason.json()["reason"]) == (400, "required")
    assert fresh(claim_1750).status == "verified"


def test_assign_and_clear_a_claim(client_as, claim_1750, reviewer):
    client = client_as("editor")

    assigned = post(client, f"/api/claims/{claim_1750.pk}/assign/", {"assignee": reviewer.pk})
    cleared = post(client, f"/api/claims/{claim_1750.pk}/assign/", {"assignee": None})

    assert assigned.status_code == 200
    assert assigned.json()["assignee"] == {"id": reviewer.pk, "username": "reviewer"}
    assert assigned.json()["version"] == 1
    assert cleared.json()["assignee"] is None
    assert fresh(claim_1750).assignee is None


def test_assigning_an_unknown_or_unsuitable_person_is_a_400(client_as, claim_1750, editor):
    client = client_as("editor")

    unknown = post(client, f"/api/claims/{claim_1750.pk}/assign/", {"assignee": 999999})
    not_a_reviewer = post(client, f"/api/claims/{claim_1750.pk}/assign/", {"assignee": editor.pk})
    missing = post(client, f"/api/claims/{claim_1750.pk}/assign/", {})

    assert (unknown.status_code, list(unknown.json()["errors"])) == (400, ["assignee"])
    assert (not_a_reviewer.status_code, not_a_reviewer.json()["code"]) == (400, "invalid_assignee")
    assert (missing.status_code, missing.json()["code"]) == (400, "invalid")
    assert fresh(claim_1750).assignee is None


def test_a_reviewer_takes_a_claim_someone_else_has_and_gets_409(client_as, claim_1750, reviewer, other_reviewer):
    post(client_as("reviewer"), f"/api/claims/{claim_1750.pk}/assign/", {"assignee": reviewer.pk})

    response = post(
        client_as("other_reviewer"), f"/api/claims/{claim_1750.pk}/assign/", {"assignee": other_reviewer.pk}
    )

    assert (response.status_code, response.json()["code"]) == (409, "already_assigned")
    assert fresh(claim_1750).assignee == reviewer


def test_assign_every_pending_claim_of_an_article(client_as, seed_article, other_reviewer):
    response = post(client_as("editor"), f"/api/articles/{seed_article.pk}/assign/", {"assignee": other_reviewer.pk})

    assert response.status_code == 200
    assert response.json() == {"assigned": 17, "assignee": {"id": other_reviewer.pk, "username": "reviewer2"}}
    assert set(Claim.objects.values_list("assignee", flat=True)) == {other_reviewer.pk}


def test_notifications_are_mine_newest_first_with_an_unread_filter(client_as, seed_article, claim_1750, reviewer):
    post(client_as("editor"), f"/api/claims/{claim_1750.pk}/assign/", {"assignee": reviewer.pk})
    client = client_as("reviewer")

    listed = client.get("/api/notifications/")
    notice = Notification.objects.get(recipient=reviewer)

    assert listed.status_code == 200
    assert listed.json()["results"] == [
        {
            "id": notice.pk,
            "kind": "assigned",
            "message": f"editor님이 「{seed_article.title}」의 주장을 배정했습니다.",
            "actor": "editor",
            "article": {"id": seed_article.pk, "title": seed_article.title},
            "claim_id": claim_1750.pk,
            "claim_count": 1,
            "note": "",
            "created_at": listed.json()["results"][0]["created_at"],
            "read_at": None,
            "unread": True,
            "url": f"/claims/{claim_1750.pk}/",
        }
    ]
    read = client.post(f"/api/notifications/{notice.pk}/read/")
    assert (read.status_code, read.json()["unread"]) == (200, False)
    assert client.get("/api/notifications/?unread=true").json()["results"] == []
    assert len(client.get("/api/notifications/?unread=false").json()["results"]) == 1
    # Someone else's notification does not exist for this user.
    editors = Notification.objects.get(recipient__username="editor")
    assert client.post(f"/api/notifications/{editors.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=editors.pk).read_at is None


def test_read_all(client_as, seed_article):
    client = client_as("editor")

    assert client.post("/api/notifications/read-all/").json() == {"marked_read": 1}
    assert client.post("/api/notifications/read-all/").json() == {"marked_read": 0}


def test_notification_list_query_count_does_not_grow(
    client_as, seed_article, editor, reviewer, django_assert_num_queries
):
    from factcheck import services

    client = client_as("reviewer")
    for claim in list(seed_article.claims.all())[:8]:
        services.assign_claim(user=editor, claim=claim, assignee=reviewer)
    # session, user, COUNT(*), one page of notifications with actor, article and claim
    with django_assert_num_queries(4):
        response = client.get("/api/notifications/?page_size=3")
    assert len(response.json()["results"]) == 3
    with django_assert_num_queries(4):
        response = client.get("/api/notifications/")
    assert len(response.json()["results"]) == 8
