"""/api/claims/{id}/reviews/: recording verdicts with sources, and the history they leave."""

from __future__ import annotations

import pytest

from factcheck.models import Claim, Review, Source

OPENAI_PAPER = {
    "url": "https://arxiv.org/abs/2005.14165",
    "title": "Language Models are Few-Shot Learners",
    "publisher": "OpenAI",
    "excerpt": "GPT-3, an autoregressive language model with 175 billion parameters",
    "accessed_at": "2021-12-15T09:00:00+09:00",
}


def post_review(client, claim, **body):
    return client.post(f"/api/claims/{claim.pk}/reviews/", body, format="json")


def test_reviewer_proposes_a_verdict_with_a_source(client_as, claim_1750, reviewer):
    response = post_review(
        client_as("reviewer"),
        claim_1750,
        verdict="verified",
        note="GPT-3 논문 초록: 1750억(175 billion) 파라미터.",
        version=1,
        sources=[OPENAI_PAPER],
    )

    assert response.status_code == 201
    review = Review.objects.get()
    source = Source.objects.get()
    assert response.json() == {
        "review": {
            "id": review.pk,
            "action": "proposal",
            "verdict": "verified",
            "note": "GPT-3 논문 초록: 1750억(175 billion) 파라미터.",
            "reviewer": "reviewer",
            "responds_to": None,
            "created_at": response.json()["review"]["created_at"],
            "claim_version": 1,
            # No snapshot: tests archive no sources unless they ask to (tests/evidence/).
            "sources": [{"id": source.pk, **OPENAI_PAPER, "snapshot": None}],
        },
        # Still pending: the verdict is final only once a second reviewer confirms it.
        "claim": {
            "id": claim_1750.pk,
            "status": "pending",
            "version": 2,
            "assignee": None,
            "proposal": {
                "verdict": "verified",
                "reviewer": "reviewer",
                "review_id": review.pk,
                "created_at": response.json()["review"]["created_at"],
            },
        },
    }
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version, claim_1750.proposal) == ("pending", 2, review)
    assert (review.claim, review.reviewer, review.claim_version) == (claim_1750, reviewer, 1)


def test_one_person_desk_records_a_final_verdict(client_as, claim_1750, settings):
    settings.CROSS_CHECK = "off"
    response = post_review(
        client_as("reviewer"), claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER]
    )

    assert response.status_code == 201
    assert response.json()["review"]["action"] == "verdict"
    assert response.json()["claim"] == {
        "id": claim_1750.pk,
        "status": "verified",
        "version": 2,
        "assignee": None,
        "proposal": None,
    }


def test_history_is_listed_newest_first_with_sources(client_as, claim_1750):
    proposal = post_review(
        client_as("reviewer"), claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER]
    )
    rejection = client_as("other_reviewer").post(
        f"/api/claims/{claim_1750.pk}/cross-check/",
        {"decision": "reject", "note": "기사 속 비교 대상 수치가 다름", "version": 2},
        format="json",
    )
    second = post_review(
        client_as("staff"),
        claim_1750,
        verdict="disputed",
        note="기사 속 비교 대상 수치가 다름",
        version=3,
        sources=[
            {"url": "https://openai.com/blog/gpt-3-apps", "title": "GPT-3 Powers the Next Generation of Apps"},
            OPENAI_PAPER,
        ],
    )
    confirmation = client_as("reviewer").post(
        f"/api/claims/{claim_1750.pk}/cross-check/", {"decision": "confirm", "version": 4}, format="json"
    )
    statuses = [r.status_code for r in (proposal, rejection, second, confirmation)]
    assert statuses == [201, 201, 201, 201]

    client = client_as("reviewer")
    history = client.get(f"/api/claims/{claim_1750.pk}/reviews/")
    detail = client.get(f"/api/claims/{claim_1750.pk}/")

    assert history.status_code == 200
    assert history.json() == [
        confirmation.json()["review"],
        second.json()["review"],
        rejection.json()["review"],
        proposal.json()["review"],
    ]
    assert [(r["action"], r["verdict"], r["reviewer"]) for r in history.json()] == [
        ("confirmation", "disputed", "reviewer"),
        ("proposal", "disputed", "staff"),
        ("rejection", "verified", "reviewer2"),
        ("proposal", "verified", "reviewer"),
    ]
    assert history.json()[0]["responds_to"] == second.json()["review"]["id"]
    assert [s["title"] for s in history.json()[1]["sources"]] == [
        "GPT-3 Powers the Next Generation of Apps",
        "Language Models are Few-Shot Learners",
    ]
    assert history.json()[1]["sources"][0]["publisher"] == ""
    assert detail.json()["reviews"] == history.json()
    assert (detail.json()["status"], detail.json()["version"], detail.json()["proposal"]) == ("disputed", 5, None)


@pytest.mark.parametrize("verdict", ["verified", "disputed"])
def test_reviewer_cannot_record_a_verdict_without_a_source(client_as, claim_1750, verdict):
    response = post_review(client_as("reviewer"), claim_1750, verdict=verdict, note="확인함", version=1, sources=[])

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_review",
        "detail": "사실/사실 아님 판정에는 출처가 최소 1개 필요합니다.",
        "sources": "required",
    }
    assert not Review.objects.exists()
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("pending", 1)


def test_reviewer_cannot_verify_without_a_note(client_as, claim_1750):
    response = post_review(client_as("reviewer"), claim_1750, verdict="verified", version=1, sources=[OPENAI_PAPER])

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_review",
        "detail": "판정 근거를 검토 메모에 적어 주세요.",
        "note": "required",
    }
    assert not Review.objects.exists()


def test_a_source_needs_an_http_url_and_a_title(client_as, claim_1750):
    response = post_review(
        client_as("reviewer"),
        claim_1750,
        verdict="verified",
        note="확인함",
        version=1,
        sources=[{"url": "javascript:alert(1)", "title": "  "}],
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_review",
        "detail": "출처 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다.",
        "sources[0].url": "출처 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다.",
        "sources[0].title": "출처 제목을 입력해 주세요.",
    }
    assert not Review.objects.exists()


def test_malformed_review_body_names_each_field(client_as, claim_1750):
    response = post_review(client_as("reviewer"), claim_1750, verdict="true", sources=[{}])

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == {"verdict", "version", "sources"}
    assert not Review.objects.exists()


def test_stale_version_is_a_conflict_showing_the_newer_verdict(client_as, claim_1750):
    # Both reviewers opened the claim at version 1; the first one to submit wins.
    first = post_review(
        client_as("reviewer"), claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER]
    )

    late = post_review(client_as("other_reviewer"), claim_1750, verdict="dismissed", version=1)

    assert late.status_code == 409
    assert late.json() == {
        "code": "version_conflict",
        "detail": "그사이 reviewer님이 이 주장을 '사실'(으)로 제안했습니다. 최신 판정을 확인한 뒤 다시 기록하세요.",
        "current_version": 2,
        "current_status": "pending",
        "latest_review": first.json()["review"],
    }
    assert Review.objects.count() == 1
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("pending", 2)


def test_after_a_conflict_a_different_verdict_goes_through_the_cross_check(client_as, claim_1750):
    post_review(
        client_as("reviewer"), claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER]
    )
    client = client_as("other_reviewer")
    conflict = post_review(client, claim_1750, verdict="dismissed", version=1)

    # Even at the current version, a second verdict never replaces the proposal: reject it, with a reason.
    retry = post_review(client, claim_1750, verdict="dismissed", version=conflict.json()["current_version"])
    assert retry.status_code == 409
    assert retry.json()["code"] == "proposal_pending"
    rejected = client.post(
        f"/api/claims/{claim_1750.pk}/cross-check/",
        {"decision": "reject", "note": "주장이 아니라 배경 설명", "version": 2},
        format="json",
    )
    dismissed = post_review(client, claim_1750, verdict="dismissed", version=3)

    assert (rejected.status_code, dismissed.status_code) == (201, 201)
    assert dismissed.json()["claim"]["status"] == "dismissed"
    assert Review.objects.count() == 3


def test_editor_dismisses_a_claim_without_note_or_source(client_as, claim_1750, editor):
    response = post_review(client_as("editor"), claim_1750, verdict="dismissed", version=1)

    assert response.status_code == 201
    assert response.json()["review"]["sources"] == []
    assert response.json()["claim"] == {
        "id": claim_1750.pk,
        "status": "dismissed",
        "version": 2,
        "assignee": None,
        "proposal": None,
    }
    assert Review.objects.get().reviewer == editor


@pytest.mark.parametrize("verdict", ["verified", "disputed"])
def test_editor_cannot_record_a_verdict(client_as, claim_1750, verdict):
    response = post_review(
        client_as("editor"), claim_1750, verdict=verdict, note="확인함", version=1, sources=[OPENAI_PAPER]
    )

    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "detail": "판정을 기록할 권한이 없습니다. 검토자 계정으로 로그인하세요.",
    }
    assert not Review.objects.exists()
    assert Claim.objects.get(pk=claim_1750.pk).status == "pending"


def test_outsider_cannot_see_the_claim_to_review_it(client_as, claim_1750):
    response = post_review(client_as("outsider"), claim_1750, verdict="dismissed", version=1)

    assert response.status_code == 404
    assert not Review.objects.exists()


def test_reviews_are_recorded_as_json_only(client_as, claim_1750):
    response = client_as("reviewer").post(
        f"/api/claims/{claim_1750.pk}/reviews/", {"verdict": "dismissed", "version": 1}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert not Review.objects.exists()


def test_an_editor_cannot_dismiss_a_claim_a_reviewer_verified_with_sources(client_as, claim_1750, settings):
    """The defect behind two-person review: the sourced verdict used to be silently replaced (201)."""
    settings.CROSS_CHECK = "off"  # the rule holds for one-person desks too, where the verdict is final at once
    verified = post_review(
        client_as("reviewer"), claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER]
    )
    assert verified.status_code == 201

    response = post_review(client_as("editor"), claim_1750, verdict="dismissed", version=2)

    assert response.status_code == 409
    assert response.json()["code"] == "already_final"
    assert "재검토" in response.json()["detail"]
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("verified", 2)
    assert list(claim_1750.reviews.values_list("verdict", flat=True)) == ["verified"]
