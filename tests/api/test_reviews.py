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


def test_reviewer_verifies_a_claim_with_a_source(client_as, claim_1750, reviewer):
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
            "verdict": "verified",
            "note": "GPT-3 논문 초록: 1750억(175 billion) 파라미터.",
            "reviewer": "reviewer",
            "created_at": response.json()["review"]["created_at"],
            "claim_version": 1,
            "sources": [{"id": source.pk, **OPENAI_PAPER}],
        },
        "claim": {"id": claim_1750.pk, "status": "verified", "version": 2},
    }
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("verified", 2)
    assert (review.claim, review.reviewer, review.claim_version) == (claim_1750, reviewer, 1)


def test_verdict_history_is_listed_newest_first_with_sources(client_as, claim_1750):
    client = client_as("reviewer")
    first = post_review(client, claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER])
    second = post_review(
        client_as("staff"),
        claim_1750,
        verdict="disputed",
        note="기사 속 비교 대상 수치가 다름",
        version=2,
        sources=[
            {"url": "https://openai.com/blog/gpt-3-apps", "title": "GPT-3 Powers the Next Generation of Apps"},
            OPENAI_PAPER,
        ],
    )
    assert (first.status_code, second.status_code) == (201, 201)

    history = client.get(f"/api/claims/{claim_1750.pk}/reviews/")
    detail = client.get(f"/api/claims/{claim_1750.pk}/")

    assert history.status_code == 200
    assert history.json() == [second.json()["review"], first.json()["review"]]
    assert [s["title"] for s in history.json()[0]["sources"]] == [
        "GPT-3 Powers the Next Generation of Apps",
        "Language Models are Few-Shot Learners",
    ]
    assert history.json()[0]["sources"][0]["publisher"] == ""
    assert detail.json()["reviews"] == history.json()
    assert (detail.json()["status"], detail.json()["version"]) == ("disputed", 3)


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
        "detail": "그사이 reviewer님이 이 주장을 '사실'(으)로 판정했습니다. 최신 판정을 확인한 뒤 다시 기록하세요.",
        "current_version": 2,
        "current_status": "verified",
        "latest_review": first.json()["review"],
    }
    assert Review.objects.count() == 1
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("verified", 2)


def test_after_a_conflict_the_reviewer_can_record_against_the_current_version(client_as, claim_1750):
    post_review(
        client_as("reviewer"), claim_1750, verdict="verified", note="논문 확인", version=1, sources=[OPENAI_PAPER]
    )
    client = client_as("other_reviewer")
    conflict = post_review(client, claim_1750, verdict="dismissed", version=1)

    retry = post_review(client, claim_1750, verdict="dismissed", version=conflict.json()["current_version"])

    assert retry.status_code == 201
    assert retry.json()["claim"] == {"id": claim_1750.pk, "status": "dismissed", "version": 3}
    assert Review.objects.count() == 2


def test_editor_dismisses_a_claim_without_note_or_source(client_as, claim_1750, editor):
    response = post_review(client_as("editor"), claim_1750, verdict="dismissed", version=1)

    assert response.status_code == 201
    assert response.json()["review"]["sources"] == []
    assert response.json()["claim"] == {"id": claim_1750.pk, "status": "dismissed", "version": 2}
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
