"""The article page: body with highlighted claims, the claim list, and nothing from the article unescaped."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from factcheck import services
from factcheck.models import Article, Claim
from factcheck.web.presentation import highlight_segments
from tests.web.conftest import GPT3_PAPER, short_news, signed_in

pytestmark = pytest.mark.django_db

HOSTILE = (
    "<script>alert(1)</script> 악성 제목\n"
    "통계청은 <script>alert(1)</script> 지난해 실업률이 3.2%였다고 15일 밝혔다. "
    '<img src=x onerror="alert(2)"> 취업자 수는 32만명 늘었다.\n'
)


def _detail(client, article):
    return client.get(reverse("web:article-detail", args=[article.pk]))


def test_detail_shows_metadata_body_and_claims(reviewer_client, seed_article, claim_1750):
    response = _detail(reviewer_client, seed_article)

    html = response.content.decode()
    assert response.status_code == 200
    assert escape(seed_article.title) in html
    assert "뉴스투데이" in html
    assert f'id="claim-{claim_1750.pk}"' in html
    # The claim's span in the body links to its card in the list, and says its status in words too.
    assert (
        f'<a class="claim-mark status-pending" href="#claim-{claim_1750.pk}">'
        f'<span class="visually-hidden">[검토 대기] </span>'
        f'<span data-start="{claim_1750.start}">{claim_1750.text}</span></a>'
    ) in html


def test_quantities_show_the_text_and_the_normalised_value(reviewer_client, seed_article, claim_1750):
    html = _detail(reviewer_client, seed_article).content.decode()

    assert "175,000,000,000 개" in html


def test_claim_types_are_shown_in_korean(reviewer_client, seed_article):
    claims = list(seed_article.claims.all())
    labels = {"statistic": "통계·수치", "quote": "직접 인용", "comparison": "비교", "prediction": "예측·전망"}
    shown = {labels[t] for c in claims for t in c.types if t in labels}
    assert shown  # the seed article has numbers and quotes

    html = _detail(reviewer_client, seed_article).content.decode()

    for label in shown:
        assert f'<span class="tag">{label}</span>' in html


def test_hostile_article_text_is_escaped_everywhere(reviewer_client, upload):
    article = upload(HOSTILE)

    html = _detail(reviewer_client, article).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def test_the_card_shows_the_latest_step_and_the_claim_page_its_whole_history(reviewer_client, reviewer, claim_1750):
    services.record_review(
        user=reviewer,
        claim=claim_1750,
        verdict="verified",
        note="GPT-3 논문 초록에 1750억 개로 나온다.",
        sources=[services.SourceInput(**GPT3_PAPER)],
        expected_version=1,
    )

    card = _detail(reviewer_client, claim_1750.article).content.decode()
    assert "최근 기록: 판정 제안 · 사실 · reviewer" in card

    html = reviewer_client.get(claim_1750.get_absolute_url()).content.decode()
    assert "GPT-3 논문 초록에 1750억 개로 나온다." in html
    assert '<span class="badge status-verified">사실</span>' in html
    assert (
        f'<a href="{GPT3_PAPER["url"]}" rel="noopener noreferrer nofollow" target="_blank">{GPT3_PAPER["title"]}</a>'
        in html
    )


def test_failed_extraction_shows_the_error_and_a_retry_button_for_editors(editor_client, reviewer_client, seed_article):
    Article.objects.filter(pk=seed_article.pk).update(extraction_status="failed", extraction_error="ValueError: boom")
    extract_url = reverse("web:article-extract", args=[seed_article.pk])

    editor_html = _detail(editor_client, seed_article).content.decode()
    reviewer_html = _detail(reviewer_client, seed_article).content.decode()

    assert "주장 추출에 실패했습니다" in editor_html
    assert "ValueError: boom" in editor_html
    assert extract_url in editor_html and "다시 추출" in editor_html
    assert extract_url not in reviewer_html


def test_stale_claim_overlapping_a_current_one_is_listed_but_not_highlighted(reviewer_client, claim_1750):
    stale = Claim.objects.create(
        article=claim_1750.article,
        text="이전 추출기의 문장",
        start=claim_1750.start + 3,
        end=claim_1750.end + 5,
        sentence_index=0,
        score=0.7,
        is_stale=True,
    )

    html = _detail(reviewer_client, claim_1750.article).content.decode()

    assert f'id="claim-{stale.pk}"' in html
    assert "이전 추출 결과" in html
    assert f'href="#claim-{stale.pk}"' not in html
    assert f'href="#claim-{claim_1750.pk}"' in html


def test_highlight_segments_rebuild_the_body_exactly():
    body = "가나다. 라마바. 사아자."
    current = Claim(pk=1, start=5, end=9, is_stale=False)
    overlapping_stale = Claim(pk=2, start=7, end=12, is_stale=True)
    separate_stale = Claim(pk=3, start=10, end=14, is_stale=True)

    segments = highlight_segments(body, [overlapping_stale, separate_stale, current])

    assert "".join(s.text for s in segments) == body
    assert [(s.text, s.claim.pk if s.claim else None) for s in segments] == [
        ("가나다. ", None),
        ("라마바.", 1),
        (" ", None),
        ("사아자.", 3),
    ]


def _detail_queries(client, article) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert _detail(client, article).status_code == 200
    return len(ctx.captured_queries)


def _dispute(reviewer, claim, sources: int) -> None:
    services.record_review(
        user=reviewer,
        claim=claim,
        verdict="disputed",
        note="근거 없음",
        sources=[services.SourceInput(**GPT3_PAPER)] * sources,
        expected_version=claim.version,
    )


def test_detail_query_count_does_not_grow_with_claims_or_reviews(reviewer_client, reviewer, upload, seed_article):
    small = upload(short_news(1))
    _dispute(reviewer, small.claims.first(), sources=1)
    big_claims = list(seed_article.claims.all())
    assert len(big_claims) > small.claims.count()
    for claim in big_claims[:3]:
        _dispute(reviewer, claim, sources=2)

    # session, user, user permissions, group permissions, the article, its claims' marks (with the id of
    # each one's newest step), then for the cards not yet drawn: their newest steps, the claims (with
    # assignee and proposal); unread notifications.
    cache.clear()
    assert _detail_queries(reviewer_client, small) == _detail_queries(reviewer_client, seed_article) == 9
    # Drawn cards come from the cache until their claim changes.
    assert _detail_queries(reviewer_client, small) == _detail_queries(reviewer_client, seed_article) == 7
    # An editor's page also lists the reviewers for "assign all pending claims": one more query.
    editor_client = signed_in(small.uploaded_by)
    cache.clear()
    assert _detail_queries(editor_client, small) == _detail_queries(editor_client, seed_article) == 10


def test_a_card_is_drawn_again_when_its_claim_changes(reviewer_client, reviewer, claim_1750):
    before = _detail(reviewer_client, claim_1750.article).content.decode()
    assert "최근 기록" not in before[before.index(f'id="claim-{claim_1750.pk}"') :].split("</article>")[0]

    _dispute(reviewer, claim_1750, sources=1)

    after = _detail(reviewer_client, claim_1750.article).content.decode()
    card = after[after.index(f'id="claim-{claim_1750.pk}"') :].split("</article>")[0]
    assert "최근 기록: 판정 제안 · 사실 아님 · reviewer" in card
    assert "js-review" not in card  # a waiting proposal is cross-checked on the claim page, not here


def test_a_long_article_pages_its_cards_but_highlights_every_claim(reviewer_client, editor):
    from factcheck.web.views.articles import CLAIMS_PER_PAGE

    sentences = [f"{i + 1}월 수출은 {100 + i}억달러로 집계됐다." for i in range(CLAIMS_PER_PAGE + 5)]
    body = " ".join(sentences)
    article = Article.objects.create(
        title="긴 기사", body=body, content_hash="long-article", uploaded_by=editor, extraction_status="done"
    )
    claims = []
    for i, sentence in enumerate(sentences):
        start = body.index(sentence)
        claims.append(
            Claim(article=article, text=sentence, start=start, end=start + len(sentence), sentence_index=i, score=0.9)
        )
    Claim.objects.bulk_create(claims)
    last = Claim.objects.get(article=article, sentence_index=CLAIMS_PER_PAGE + 4)

    first_page = _detail(reviewer_client, article).content.decode()
    assert first_page.count('class="claim card') == CLAIMS_PER_PAGE
    assert first_page.count('<a class="claim-mark status-') == len(sentences)
    # A mark whose card is on page 2 links there.
    assert f'href="?page=2#claim-{last.pk}"' in first_page

    second_page = reviewer_client.get(article.get_absolute_url(), {"page": 2}).content.decode()
    assert second_page.count('class="claim card') == 5
    assert f'id="claim-{last.pk}"' in second_page
