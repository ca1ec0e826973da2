"""The article list: what the newsroom sees first."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from factcheck.models import Article
from tests.web.conftest import short_news

pytestmark = pytest.mark.django_db


def test_list_shows_the_seed_article_with_status_and_claim_counts(reviewer_client, seed_article):
    total = seed_article.claims.count()

    response = reviewer_client.get(reverse("web:article-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{seed_article.get_absolute_url()}"' in html
    assert escape(seed_article.title) in html
    assert "뉴스투데이" in html
    assert "완료" in html  # extraction status badge
    assert f"{total}</a> / {total}" in html  # all claims still pending (the first links to them in the queue)


def test_upload_button_is_shown_to_editors_only(editor_client, reviewer_client):
    upload_url = reverse("web:article-upload")

    assert upload_url in editor_client.get(reverse("web:article-list")).content.decode()
    assert upload_url not in reviewer_client.get(reverse("web:article-list")).content.decode()


def test_search_by_title(reviewer_client, upload):
    upload(short_news(1), title="실업률 3% 돌파")
    upload(short_news(2), title="반도체 수출 급증")

    response = reviewer_client.get(reverse("web:article-list"), {"q": "실업률"})

    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["실업률 3% 돌파"]
    assert "반도체 수출 급증" not in response.content.decode()


def test_list_is_paginated_by_25(reviewer_client, editor):
    # Rows only: pagination does not care whether extraction ran.
    Article.objects.bulk_create(
        Article(title=f"기사 {i:02d}", body=f"본문 {i}", content_hash=f"{i:064d}", uploaded_by=editor)
        for i in range(27)
    )

    first = reviewer_client.get(reverse("web:article-list"))
    second = reviewer_client.get(reverse("web:article-list"), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 2
    assert "?page=2" in first.content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:article-list")).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_articles(reviewer_client, upload):
    upload(short_news(1))
    one = _list_queries(reviewer_client)
    for n in range(2, 7):
        upload(short_news(n))

    # session, user, the user's own and group permissions (role check, upload button),
    # the page count, one page of articles with their uploader and claim counts, the unread notifications.
    assert _list_queries(reviewer_client) == one == 7
