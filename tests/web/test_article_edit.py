"""Editing an article's metadata and re-running extraction: editors only, through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factcheck.models import Article

pytestmark = pytest.mark.django_db


def _edit_url(article) -> str:
    return reverse("web:article-edit", args=[article.pk])


def test_editor_edits_metadata(editor_client, seed_article):
    data = {
        "title": "LG, 초거대 AI에 1천억 투자",
        "outlet": "뉴스투데이",
        "byline": "양대규",
        "url": "https://www.news2day.co.kr/article/1",
        "published_at": "2021-05-13T10:30",
    }

    response = editor_client.post(_edit_url(seed_article), data)

    assert response.status_code == 302
    assert response["Location"] == seed_article.get_absolute_url()
    seed_article.refresh_from_db()
    assert (seed_article.title, seed_article.byline, seed_article.url) == (data["title"], "양대규", data["url"])
    assert seed_article.published_at.isoformat() == "2021-05-13T01:30:00+00:00"  # entered in Seoul time


def test_edit_form_starts_from_the_current_metadata(editor_client, seed_article):
    response = editor_client.get(_edit_url(seed_article))

    assert response.status_code == 200
    assert response.context["form"]["outlet"].value() == "뉴스투데이"


def test_empty_title_is_refused_next_to_the_field(editor_client, seed_article):
    old_title = seed_article.title

    response = editor_client.post(_edit_url(seed_article), {"title": "  ", "outlet": "다른 매체"})

    assert response.status_code == 400
    assert response.context["form"].errors["title"] == ["제목을 입력해 주세요."]
    seed_article.refresh_from_db()
    assert (seed_article.title, seed_article.outlet) == (old_title, "뉴스투데이")


def test_reviewer_cannot_edit(reviewer_client, seed_article):
    assert reviewer_client.get(_edit_url(seed_article)).status_code == 403

    response = reviewer_client.post(_edit_url(seed_article), {"title": "바뀐 제목"})

    assert response.status_code == 403
    assert "기사 정보를 수정할 권한이 없습니다." in response.content.decode()
    seed_article.refresh_from_db()
    assert seed_article.title != "바뀐 제목"


def test_editor_reruns_extraction(editor_client, seed_article, django_capture_on_commit_callbacks):
    Article.objects.filter(pk=seed_article.pk).update(extraction_status="failed", extraction_error="boom")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(reverse("web:article-extract", args=[seed_article.pk]))

    assert response.status_code == 302
    seed_article.refresh_from_db()
    assert (seed_article.extraction_status, seed_article.extraction_error) == ("done", "")


def test_reviewer_cannot_rerun_extraction(reviewer_client, seed_article):
    url = reverse("web:article-extract", args=[seed_article.pk])

    assert reviewer_client.get(url).status_code == 405
    response = reviewer_client.post(url)

    assert response.status_code == 403
    assert "주장 추출을 다시 실행할 권한이 없습니다." in response.content.decode()
