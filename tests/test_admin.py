"""The admin: staff can look everything up; verdicts and sources cannot be edited or deleted by anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Review, Source

pytestmark = pytest.mark.django_db

PAPER = services.SourceInput(url="https://arxiv.org/abs/2005.14165", title="Language Models are Few-Shot Learners")


@pytest.fixture
def review(reviewer, claim_1750):
    return services.record_review(
        user=reviewer, claim=claim_1750, verdict="verified", note="논문과 일치", sources=[PAPER], expected_version=1
    )


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("model", ["article", "claim", "review", "source"])
def test_staff_opens_every_changelist(staff_client, review, model):
    response = staff_client.get(reverse(f"admin:factcheck_{model}_changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == (1 if model != "claim" else review.claim.article.claims.count())


def test_article_changelist_shows_the_claim_count(staff_client, seed_article):
    response = staff_client.get(reverse("admin:factcheck_article_changelist"))

    article = response.context["cl"].result_list[0]
    assert article.claim_count == seed_article.claims.count() > 0


def test_article_change_page_shows_its_claims_read_only(staff_client, claim_1750):
    response = staff_client.get(reverse("admin:factcheck_article_change", args=[claim_1750.article_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert claim_1750.text in html
    assert reverse("admin:factcheck_claim_change", args=[claim_1750.pk]) in html  # show_change_link
    assert 'name="claims-0-text"' not in html  # extracted fields are not inputs
    assert 'name="body"' not in html


def test_staff_edits_article_metadata_through_the_admin(staff_client, seed_article):
    url = reverse("admin:factcheck_article_change", args=[seed_article.pk])
    claims = seed_article.claims.count()
    form = {
        "title": "새 제목",
        "outlet": "뉴스투데이",
        "byline": "양대규 기자",
        "url": "https://example.com/news/1",
        "published_at_0": "",
        "published_at_1": "",
        "claims-TOTAL_FORMS": str(claims),
        "claims-INITIAL_FORMS": str(claims),
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "0",
    }
    for i, claim in enumerate(seed_article.claims.order_by("start", "id")):
        form[f"claims-{i}-id"] = str(claim.pk)
        form[f"claims-{i}-article"] = str(seed_article.pk)

    response = staff_client.post(url, form)

    assert response.status_code == 302
    seed_article.refresh_from_db()
    assert (seed_article.title, seed_article.byline) == ("새 제목", "양대규 기자")


def test_article_admin_refuses_non_web_urls(staff_client, seed_article):
    url = reverse("admin:factcheck_article_change", args=[seed_article.pk])

    response = staff_client.post(url, {"title": "제목", "url": "ftp://example.com/a.txt"})

    assert response.status_code == 200
    assert "원문 URL은 http:// 또는 https:// 주소여야 합니다." in response.content.decode()


def test_article_search_finds_titles_and_outlets(staff_client, seed_article, editor):
    from factcheck.models import Article

    kbs = Article.objects.create(
        title="방송 보도", body="본문", content_hash="kbs-hash", outlet="KBS뉴스", uploaded_by=editor
    )
    changelist = reverse("admin:factcheck_article_changelist")

    def found(term: str) -> set:
        response = staff_client.get(changelist, {"q": term})
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert found("kbs") == {kbs}  # part of the outlet's name, case aside
    assert found("방송") == {kbs}  # the start of a word of the title
    assert found(seed_article.title[:6]) == {seed_article}


def test_claim_search_in_korean(staff_client, claim_1750):
    response = staff_client.get(reverse("admin:factcheck_claim_changelist"), {"q": "파라미터"})

    found = list(response.context["cl"].result_list)
    assert response.status_code == 200
    assert claim_1750 in found
    assert all("파라미터" in c.text or "파라미터" in (c.speaker or "") for c in found)


def test_review_admin_has_no_add_or_delete(staff_client, review):
    add = staff_client.get(reverse("admin:factcheck_review_add"))
    delete = staff_client.post(reverse("admin:factcheck_review_delete", args=[review.pk]), {"post": "yes"})
    changelist = staff_client.get(reverse("admin:factcheck_review_changelist"))

    assert (add.status_code, delete.status_code) == (403, 403)
    assert Review.objects.filter(pk=review.pk).exists()
    assert "delete_selected" not in changelist.content.decode()
    assert reverse("admin:factcheck_review_add") not in changelist.content.decode()


def test_review_change_view_is_read_only_with_its_sources(staff_client, review):
    url = reverse("admin:factcheck_review_change", args=[review.pk])

    page = staff_client.get(url)
    post = staff_client.post(url, {"verdict": "disputed", "note": "바꿔치기"})

    html = page.content.decode()
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="note"' not in html
    assert PAPER.title in html  # the source inline
    assert post.status_code == 403
    review.refresh_from_db()
    assert (review.verdict, review.note) == ("verified", "논문과 일치")


def test_source_admin_is_read_only(staff_client, review):
    source = Source.objects.get()

    assert staff_client.get(reverse("admin:factcheck_source_add")).status_code == 403
    assert (
        staff_client.post(reverse("admin:factcheck_source_delete", args=[source.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert (
        staff_client.post(reverse("admin:factcheck_source_change", args=[source.pk]), {"title": "x"}).status_code == 403
    )
    source.refresh_from_db()
    assert source.title == PAPER.title


def test_admin_is_closed_to_desk_roles(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:factcheck_article_changelist"))

    assert response.status_code == 302  # not staff: sent to the admin login


def _article(editor, n: int, title: str):
    from factcheck.models import Article, Claim

    sentences = [f"{i + 1}월 수출은 {100 + i}억달러였다." for i in range(n)]
    body = " ".join(sentences)
    article = Article.objects.create(title=title, body=body, content_hash=title, uploaded_by=editor)
    offset = 0
    for i, sentence in enumerate(sentences):
        start = body.index(sentence, offset)
        offset = start + len(sentence)
        Claim.objects.create(article=article, text=sentence, start=start, end=offset, sentence_index=i, score=0.7)
    return article


def test_the_article_list_counts_claims_and_links_to_them(staff_client, editor):
    big, small = _article(editor, 12, "큰 기사"), _article(editor, 2, "작은 기사")
    page = staff_client.get(reverse("admin:factcheck_article_changelist"))
    counts = {article.title: article.claim_count for article in page.context["cl"].result_list}
    assert counts == {"큰 기사": 12, "작은 기사": 2}

    claims = staff_client.get(reverse("admin:factcheck_claim_changelist"), {"article": big.pk})
    assert claims.status_code == 200
    assert {claim.article_id for claim in claims.context["cl"].result_list} == {big.pk}
    assert claims.context["cl"].result_count == 12
    assert f'?article={small.pk}"' in page.content.decode()


def test_the_claim_filters_never_list_every_article_or_scan_every_assignee(staff_client, editor, reviewer):
    for i in range(3):
        _article(editor, 1, f"기사 {i}")
    page = staff_client.get(reverse("admin:factcheck_claim_changelist"))
    changelist = page.context["cl"]
    filters = {spec.parameter_name: spec for spec in changelist.filter_specs if hasattr(spec, "parameter_name")}
    assert "article" not in filters  # no list of every article until one is chosen
    assignees = [choice["display"] for choice in filters["assignee"].choices(changelist)]
    assert reviewer.get_username() in assignees and editor.get_username() not in assignees


@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_an_article_filter_naming_no_article_finds_nothing(staff_client, review, value):
    response = staff_client.get(reverse("admin:factcheck_claim_changelist"), {"article": value})
    assert (response.status_code, response.context["cl"].result_count) == (200, 0)


def test_the_article_list_query_count_does_not_grow_with_articles(staff_client, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _article(editor, 3, "하나")
    with CaptureQueriesContext(connection) as one:
        staff_client.get(reverse("admin:factcheck_article_changelist"))
    for i in range(5):
        _article(editor, 4, f"여럿 {i}")
    with CaptureQueriesContext(connection) as many:
        staff_client.get(reverse("admin:factcheck_article_changelist"))
    assert len(many.captured_queries) == len(one.captured_queries)
