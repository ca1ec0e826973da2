"""Recording a verdict from the article page: sources required, conflicts surfaced, roles respected.

Errors are shown on the claim's own page, next to the form, with what the reviewer typed kept.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Review
from tests.web.conftest import GPT3_PAPER, review_data

pytestmark = pytest.mark.django_db


def _review_url(claim) -> str:
    return reverse("web:claim-review", args=[claim.pk])


def test_detail_offers_reviewers_all_three_verdicts_with_the_current_version(reviewer_client, claim_1750):
    response = reviewer_client.get(claim_1750.article.get_absolute_url())

    # One form for the whole page; the card's button carries the claim's review URL and version for it.
    form = response.context["review_form"]
    assert [label for _, label in form.fields["verdict"].choices] == ["사실", "사실 아님", "주장 아님"]
    html = response.content.decode()
    assert html.count('name="review-verdict"') == 3
    assert f'data-action="{_review_url(claim_1750)}" data-version="1"' in html
    # Without JavaScript the button is a link to the claim's page, whose form works on its own.
    assert f'<a class="button primary js-review" href="{claim_1750.get_absolute_url()}"' in html


def test_reviewer_cannot_verify_without_a_source(reviewer_client, claim_1750):
    data = review_data(claim_1750, verdict="verified", note="논문에서 확인했다.")

    response = reviewer_client.post(_review_url(claim_1750), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "사실/사실 아님 판정에는 출처가 최소 1개 필요합니다." in html
    assert "논문에서 확인했다." in html  # what the reviewer typed is still in the form
    assert not Review.objects.exists()
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.version) == ("pending", 1)


def test_reviewer_sees_the_source_url_error_and_keeps_the_typed_source(reviewer_client, claim_1750):
    bad = {**GPT3_PAPER, "url": "javascript:alert(1)"}
    data = review_data(claim_1750, verdict="verified", note="확인", sources=[bad])

    response = reviewer_client.post(_review_url(claim_1750), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "출처 URL은 http:// 또는 https:// 로 시작하는 올바른 주소여야 합니다." in html
    assert GPT3_PAPER["title"] in html
    assert not Review.objects.exists()


def test_reviewer_proposes_a_verdict_with_a_source(reviewer_client, reviewer, claim_1750):
    data = review_data(claim_1750, verdict="verified", note="GPT-3 논문과 일치", sources=[GPT3_PAPER, {}])

    response = reviewer_client.post(_review_url(claim_1750), data)

    assert response.status_code == 302
    assert response["Location"] == f"{claim_1750.article.get_absolute_url()}#claim-{claim_1750.pk}"
    claim_1750.refresh_from_db()
    review = Review.objects.get()
    assert (claim_1750.status, claim_1750.proposal, claim_1750.version) == ("pending", review, 2)
    assert (review.reviewer, review.action, review.verdict, review.note, review.claim_version) == (
        reviewer,
        "proposal",
        "verified",
        "GPT-3 논문과 일치",
        1,
    )
    assert list(review.sources.values("url", "title", "publisher", "excerpt")) == [GPT3_PAPER]  # empty rows ignored
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "&#x27;사실&#x27; 판정을 제안했습니다. 다른 검토자가 교차 확인하면 확정됩니다." in page
    assert "교차 확인 대기: 사실 제안 · reviewer" in page


def test_one_person_desk_records_the_verdict_at_once(reviewer_client, claim_1750, settings):
    settings.CROSS_CHECK = "off"
    data = review_data(claim_1750, verdict="verified", note="GPT-3 논문과 일치", sources=[GPT3_PAPER])

    response = reviewer_client.post(_review_url(claim_1750), data)

    assert response.status_code == 302
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.proposal) == ("verified", None)
    assert "판정을 기록했습니다." in reviewer_client.get(response["Location"]).content.decode()


def test_stale_version_shows_the_newer_verdict_and_records_nothing(reviewer_client, other_reviewer, claim_1750):
    services.record_review(
        user=other_reviewer,
        claim=claim_1750,
        verdict="disputed",
        note="파라미터 수가 논문과 다르다는 주장 확인 필요",
        sources=[services.SourceInput(**GPT3_PAPER)],
        expected_version=1,
    )
    data = review_data(claim_1750, verdict="verified", note="내 판정", version=1, sources=[GPT3_PAPER])

    response = reviewer_client.post(_review_url(claim_1750), data)

    html = response.content.decode()
    assert response.status_code == 409
    assert "그사이 reviewer2님이 이 주장을 &#x27;사실 아님&#x27;(으)로 제안했습니다." in html
    assert "파라미터 수가 논문과 다르다는 주장 확인 필요" in html
    assert "내 판정" in html  # the reviewer's text is kept for a deliberate resubmission
    assert 'name="review-version" value="2"' in html
    assert Review.objects.count() == 1
    claim_1750.refresh_from_db()
    assert (claim_1750.status, claim_1750.proposal.verdict, claim_1750.version) == ("pending", "disputed", 2)


def test_editor_is_offered_only_dismissal(editor_client, claim_1750):
    response = editor_client.get(claim_1750.article.get_absolute_url())

    form = response.context["review_form"]
    assert list(form.fields["verdict"].choices) == [("dismissed", "주장 아님")]
    assert form.source_rows() == []


def test_editor_cannot_verify(editor_client, claim_1750):
    data = review_data(claim_1750, verdict="verified", note="확인", sources=[GPT3_PAPER])

    response = editor_client.post(_review_url(claim_1750), data)

    assert response.status_code == 400
    assert "고를 수 없는 판정입니다." in response.content.decode()
    assert not Review.objects.exists()


def test_editor_can_dismiss(editor_client, editor, claim_1750):
    response = editor_client.post(_review_url(claim_1750), review_data(claim_1750, verdict="dismissed"))

    assert response.status_code == 302
    claim_1750.refresh_from_db()
    assert claim_1750.status == Claim.Status.DISMISSED
    assert Review.objects.get().reviewer == editor


def test_reloading_the_review_address_shows_the_claim_instead_of_a_blank_error(reviewer_client, claim_1750):
    response = reviewer_client.get(_review_url(claim_1750))

    assert response.status_code == 302
    assert response["Location"] == reverse("web:claim-detail", args=[claim_1750.pk])
