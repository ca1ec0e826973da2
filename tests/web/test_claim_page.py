"""One claim's page: context, history, and the step it allows — verdict, cross-check, reopen, assignment."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from factcheck import services
from factcheck.models import Article, Claim, Notification, Review
from tests.web.conftest import GPT3_PAPER, review_data, signed_in
from tests.workflow import finalise, fresh, propose

pytestmark = pytest.mark.django_db


def page(client, claim, **params):
    return client.get(reverse("web:claim-detail", args=[claim.pk]), params)


def forms(response) -> dict:
    return {name: form for name, form in response.context["forms"].items() if form is not None}


def test_an_open_claim_offers_a_reviewer_the_verdict_form_with_the_sentence_in_context(reviewer_client, claim_1750):
    response = page(reviewer_client, claim_1750)

    assert response.status_code == 200
    assert set(forms(response)) == {"review", "split", "respan"}  # reviewers also correct the machine's cut
    context = response.context["context"]
    assert context.text == claim_1750.text
    html = response.content.decode()
    assert escape(claim_1750.text) in html
    assert escape(claim_1750.article.title) in html
    assert "내가 맡기" in html  # free claim: the reviewer may take it


def test_a_verdict_chosen_in_the_queue_arrives_preselected_with_the_note_focused(reviewer_client, claim_1750):
    response = page(reviewer_client, claim_1750, verdict="disputed", next="/queue/?status=pending")

    form = response.context["forms"]["review"]
    assert form.initial["verdict"] == "disputed"
    html = response.content.decode()
    assert re.search(r'<input type="radio" name="review-verdict" value="disputed"[^>]* checked>', html)
    assert re.search(r'<textarea name="review-note"[^>]* autofocus', html)
    assert '<input type="hidden" name="next" value="/queue/?status=pending">' in html


def test_a_proposal_by_someone_else_offers_the_cross_check(other_reviewer_client, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = page(other_reviewer_client, claim_1750)

    assert set(forms(response)) == {"cross_check"}
    html = response.content.decode()
    assert "reviewer님이" in html and "(으)로 제안했습니다" in html


def test_the_proposer_sees_their_proposal_waiting_and_no_cross_check(reviewer_client, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = page(reviewer_client, claim_1750)

    assert forms(response) == {}
    assert "본인은 확인하거나 반려할 수 없습니다" in response.content.decode()


def test_a_final_claim_offers_reviewers_reopen_and_editors_nothing(
    reviewer_client, editor_client, claim_1750, reviewer, other_reviewer
):
    finalise(claim_1750, reviewer, other_reviewer)

    assert set(forms(page(reviewer_client, claim_1750))) == {"reopen"}
    editor_page = page(editor_client, claim_1750)
    assert set(forms(editor_page)) == {"assign"}
    assert "검토자가 사유와 함께 재검토로 돌려야 합니다" in editor_page.content.decode()


def test_confirming_on_the_page(other_reviewer_client, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = other_reviewer_client.post(
        reverse("web:claim-cross-check", args=[claim_1750.pk]),
        {"check-decision": "confirm", "check-note": "", "check-version": 2, "next": "/queue/"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/queue/#row-{claim_1750.pk}"
    assert fresh(claim_1750).status == "verified"
    assert "교차 확인했습니다" in other_reviewer_client.get("/queue/").content.decode()


def test_rejecting_without_a_note_is_explained_beside_the_form(other_reviewer_client, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = other_reviewer_client.post(
        reverse("web:claim-cross-check", args=[claim_1750.pk]),
        {"check-decision": "reject", "check-note": "", "check-version": 2},
    )

    assert response.status_code == 400
    html = response.content.decode()
    form_html = html.split(reverse("web:claim-cross-check", args=[claim_1750.pk]))[1]
    assert "반려하는 이유를 메모에 적어 주세요." in form_html.split("</form>")[0]
    assert fresh(claim_1750).proposal is not None
    assert Review.objects.count() == 1


def test_the_proposer_posting_a_cross_check_is_refused_on_the_page(reviewer_client, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = reviewer_client.post(
        reverse("web:claim-cross-check", args=[claim_1750.pk]),
        {"check-decision": "confirm", "check-version": 2},
    )

    assert response.status_code == 403
    assert "자신이 제안한 판정은 확인하거나 반려할 수 없습니다" in response.content.decode()
    assert fresh(claim_1750).status == "pending"


def test_reopening_on_the_page(reviewer_client, claim_1750, reviewer, other_reviewer):
    finalise(claim_1750, reviewer, other_reviewer)
    url = reverse("web:claim-reopen", args=[claim_1750.pk])

    refused = reviewer_client.post(url, {"reopen-reason": " ", "reopen-version": 3})
    reopened = reviewer_client.post(url, {"reopen-reason": "정정 보도가 나왔다", "reopen-version": 3})

    assert refused.status_code == 400
    assert "재검토하는 이유를 적어 주세요." in refused.content.decode()
    assert reopened.status_code == 302
    assert fresh(claim_1750).status == "pending"
    assert Review.objects.filter(action="reopening", note="정정 보도가 나왔다").exists()


def test_an_editor_cannot_overwrite_a_final_verdict_from_an_old_page(
    editor_client, claim_1750, reviewer, other_reviewer
):
    data = review_data(claim_1750, verdict="dismissed")  # the form as the editor loaded it, at version 1
    finalise(claim_1750, reviewer, other_reviewer)
    data["review-version"] = "3"  # even knowing the current version

    response = editor_client.post(reverse("web:claim-review", args=[claim_1750.pk]), data)

    assert response.status_code == 409
    assert "이미 &#x27;사실&#x27;(으)로 확정된 주장입니다" in response.content.decode()
    assert fresh(claim_1750).status == "verified"


def test_an_editor_assigns_from_the_claim_page_and_the_reviewer_is_notified(editor_client, claim_1750, reviewer):
    response = editor_client.post(reverse("web:claim-assign", args=[claim_1750.pk]), {"assign-assignee": reviewer.pk})

    assert response.status_code == 302
    assert fresh(claim_1750).assignee == reviewer
    assert Notification.objects.filter(recipient=reviewer, kind="assigned").exists()
    html = signed_in(reviewer).get(reverse("web:dashboard")).content.decode()
    assert 'aria-label="읽지 않은 알림 1개"' in html


def test_an_editor_cannot_assign_someone_who_is_not_a_reviewer(editor_client, claim_1750, editor):
    response = editor_client.post(reverse("web:claim-assign", args=[claim_1750.pk]), {"assign-assignee": editor.pk})

    assert response.status_code == 400
    assert "검토자 목록에 없는 사람입니다" in response.content.decode()
    assert fresh(claim_1750).assignee is None


def test_a_reviewer_takes_and_releases_a_claim(reviewer_client, other_reviewer_client, claim_1750, reviewer):
    url = reverse("web:claim-assign", args=[claim_1750.pk])

    taken = reviewer_client.post(url, {"action": "take"})
    assert (taken.status_code, fresh(claim_1750).assignee) == (302, reviewer)
    stolen = other_reviewer_client.post(url, {"action": "take"})
    assert stolen.status_code == 409
    assert "이미 reviewer님이 맡은 주장입니다" in stolen.content.decode()
    assert "내려놓기" in page(reviewer_client, claim_1750).content.decode()
    released = reviewer_client.post(url, {"action": "release"})
    assert (released.status_code, fresh(claim_1750).assignee) == (302, None)


def test_next_never_leaves_the_site(other_reviewer_client, claim_1750, reviewer):
    propose(claim_1750, reviewer)

    response = other_reviewer_client.post(
        reverse("web:claim-cross-check", args=[claim_1750.pk]),
        {"check-decision": "confirm", "check-version": 2, "next": "https://evil.example/phish"},
    )

    assert response.status_code == 302
    assert response["Location"] == claim_1750.get_article_url()


def test_hostile_claim_text_is_escaped(reviewer_client, editor):
    body = '<script>alert("x")</script> 정부는 예산을 30조원으로 늘린다고 15일 밝혔다.'
    article = Article.objects.create(title="<b>제목</b>", body=body, content_hash="e" * 64, uploaded_by=editor)
    claim = Claim.objects.create(
        article=article, text=body, start=0, end=len(body), sentence_index=0, score=0.9, speaker="<img src=x>"
    )

    html = page(reviewer_client, claim).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x>" not in html and "<b>제목</b>" not in html


def _page_queries(client, claim) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert page(client, claim).status_code == 200
    return len(ctx.captured_queries)


def test_claim_page_query_count_does_not_grow_with_history(reviewer_client, claim_1750, reviewer, other_reviewer):
    propose(claim_1750, reviewer)
    short = _page_queries(reviewer_client, claim_1750)
    for _ in range(3):
        services.cross_check(
            user=other_reviewer,
            claim=fresh(claim_1750),
            decision="reject",
            note="근거 부족",
            expected_version=fresh(claim_1750).version,
        )
        propose(claim_1750, reviewer)

    # session, user, user and group permissions, the claim with article, assignee and proposal, its
    # reviews with reviewers, their sources, its corrections with their authors, unread notifications
    assert _page_queries(reviewer_client, claim_1750) == short == 9


def test_the_old_review_form_still_posts_with_a_source(reviewer_client, claim_1750):
    data = review_data(claim_1750, verdict="verified", note="논문 확인", sources=[GPT3_PAPER])

    response = reviewer_client.post(reverse("web:claim-review", args=[claim_1750.pk]), data)

    assert response.status_code == 302
    assert fresh(claim_1750).proposal.verdict == "verified"


def _article_with_claims(editor, n: int) -> Article:
    sentences = [f"{i + 1}월 반도체 수출은 {100 + i}억달러로 집계됐다." for i in range(n)]
    body = " ".join(sentences)  # one paragraph: every neighbour can be merged, so the page lists them
    article = Article.objects.create(title=f"{n}건", body=body, content_hash=f"claims-{n}", uploaded_by=editor)
    offset = 0
    for i, sentence in enumerate(sentences):
        start = body.index(sentence, offset)
        offset = start + len(sentence)
        Claim.objects.create(
            article=article, text=sentence, start=start, end=offset, sentence_index=i, score=0.8, types=["statistic"]
        )
    return article


def test_claim_page_query_count_does_not_grow_with_the_articles_claims(reviewer_client, editor):
    small, large = _article_with_claims(editor, 3), _article_with_claims(editor, 40)
    middle_of = lambda article: article.claims.order_by("start")[1]  # noqa: E731 - two neighbours each
    assert _page_queries(reviewer_client, middle_of(large)) == _page_queries(reviewer_client, middle_of(small))
