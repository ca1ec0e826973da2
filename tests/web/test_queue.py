"""The review queue page: pending claims across articles, the API's filters, search, keyboard hints."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from factcheck import services
from factcheck.models import Claim
from tests.web.conftest import short_news
from tests.workflow import finalise, propose

pytestmark = pytest.mark.django_db


def shown(response) -> list[int]:
    return [row["claim"].pk for row in response.context["rows"]]


def test_the_queue_opens_on_pending_claims_highest_score_first(
    reviewer_client, seed_article, upload, reviewer, other_reviewer
):
    other = upload(short_news(7), outlet="통계뉴스")
    finalise(seed_article.claims.order_by("-score").first(), reviewer, other_reviewer)

    response = reviewer_client.get(reverse("web:queue"))

    assert response.status_code == 200
    expected = list(Claim.objects.filter(status="pending").order_by("-score", "id").values_list("pk", flat=True))
    assert shown(response) == expected[:25]
    assert {row["claim"].article_id for row in response.context["rows"]} == {seed_article.pk, other.pk}
    html = response.content.decode()
    first = response.context["rows"][0]["claim"]
    # Each row: the claim, its article, and a link to its place in the article.
    assert escape(first.text) in html
    assert f'href="{first.get_article_url()}"' in html
    assert f'data-open="/claims/{first.pk}/?next=%2Fqueue%2F"' in html


def test_queue_filters_are_the_api_filters(reviewer_client, seed_article, editor, reviewer):
    claim = seed_article.claims.get(text__contains="1750억개의 파라미터")
    services.assign_claim(user=editor, claim=claim, assignee=reviewer)

    mine = reviewer_client.get(reverse("web:queue"), {"assignee": "me"})
    speaker = reviewer_client.get(reverse("web:queue"), {"speaker": "배영훈"})
    searched = reviewer_client.get(reverse("web:queue"), {"search": "파라미터가"})

    assert shown(mine) == [claim.pk]
    assert set(shown(speaker)) == set(
        seed_article.claims.filter(speaker__contains="배영훈", status="pending").values_list("pk", flat=True)
    )
    assert set(shown(searched)) == set(
        seed_article.claims.filter(text__contains="파라미터").values_list("pk", flat=True)
    )
    assert "형태소로 찾았습니다: <code>파라미터</code>" in searched.content.decode()


def test_status_all_shows_final_claims_too(reviewer_client, seed_article, reviewer, other_reviewer):
    verified = finalise(seed_article.claims.first(), reviewer, other_reviewer)

    default = reviewer_client.get(reverse("web:queue"))
    everything = reviewer_client.get(reverse("web:queue"), {"status": ""})

    assert verified.pk not in shown(default)
    assert verified.pk in shown(everything)


def test_a_bad_filter_value_is_explained_on_the_page(reviewer_client, seed_article):
    response = reviewer_client.get(reverse("web:queue"), {"assignee": "somebody", "uploaded_after": "어제"})

    assert response.status_code == 200
    assert shown(response) == []
    html = response.content.decode()
    assert "me, none 또는 사용자 id(숫자)를 입력해 주세요." in html
    assert "올바른 날짜를 입력하세요." in html


def test_the_queue_is_paginated_keeping_its_filters(reviewer_client, upload):
    for n in range(1, 15):
        upload(short_news(n))
    total = Claim.objects.filter(status="pending").count()
    assert total > 25

    first = reviewer_client.get(reverse("web:queue"), {"ordering": "-score"})
    second = reviewer_client.get(reverse("web:queue"), {"ordering": "-score", "page": 2})

    assert len(shown(first)) == 25
    assert len(shown(first)) + len(shown(second)) == min(total, 50)
    assert not set(shown(first)) & set(shown(second))
    assert "ordering=-score" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]


def test_the_keyboard_shortcuts_are_documented_on_the_page(reviewer_client, seed_article):
    html = reviewer_client.get(reverse("web:queue")).content.decode()

    for key, meaning in [
        ("j", "다음"),
        ("Enter", "열기"),
        ("v", "사실로"),
        ("d", "사실 아님으로"),
        ("x", "주장 아님으로"),
        ("?", "도움말"),
    ]:
        assert f"<kbd>{key}</kbd>" in html
        assert meaning in html
    assert "factcheck/queue.js" in html


def test_proposals_and_assignees_are_shown_in_the_queue(
    reviewer_client, seed_article, editor, reviewer, other_reviewer
):
    claim = seed_article.claims.order_by("-score").first()
    services.assign_claim(user=editor, claim=claim, assignee=other_reviewer)
    propose(claim, other_reviewer, "disputed")

    html = reviewer_client.get(reverse("web:queue")).content.decode()

    assert "교차 확인 대기: 사실 아님 제안 · reviewer2" in html
    assert "담당: <strong>reviewer2</strong>" in html


def _queue_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:queue"), params).status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_does_not_grow_with_rows(
    reviewer_client, seed_article, upload, editor, reviewer, other_reviewer
):
    few = _queue_queries(reviewer_client)
    for n in range(1, 12):
        article = upload(short_news(n), outlet=f"매체 {n}")
        for claim in article.claims.all():
            services.assign_claim(user=editor, claim=claim, assignee=reviewer)
            propose(claim, other_reviewer)

    # session, user, user and group permissions, COUNT(*), one page of claims with article, assignee and
    # proposal joined, the outlets and the reviewers for the filter menus, unread notifications; a search
    # first counts its matches (selectors.search_claims)
    assert _queue_queries(reviewer_client) == few == 9
    assert _queue_queries(reviewer_client, search="통계청 실업률", assignee="me", proposal="any") == 10
