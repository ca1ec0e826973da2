"""The page after login: what needs doing on the desk and by me, each number a link to the queue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from factcheck import services
from factcheck.models import Article
from tests.web.conftest import signed_in
from tests.workflow import finalise, propose

pytestmark = pytest.mark.django_db


def test_dashboard_counts_claims_by_status_with_links_to_the_queue(
    reviewer_client, seed_article, reviewer, other_reviewer
):
    claims = list(seed_article.claims.order_by("start"))
    propose(claims[0], other_reviewer, "disputed")
    finalise(claims[1], reviewer, other_reviewer, "verified")

    response = reviewer_client.get(reverse("web:dashboard"))

    assert response.status_code == 200
    counts = response.context["counts"]
    assert (
        counts.open.value,
        counts.awaiting_cross_check.value,
        counts.verified.value,
        counts.disputed.value,
        counts.dismissed.value,
    ) == (
        15,
        1,
        1,
        0,
        0,
    )
    html = response.content.decode()
    assert 'href="/queue/?status=pending&amp;proposal=none"' in html
    assert 'href="/queue/?status=verified"' in html
    assert '데스크 전체 주장 <span class="muted">17건</span>' in html


def test_dashboard_lists_my_claims_and_the_proposals_waiting_for_me(
    reviewer_client, seed_article, editor, reviewer, other_reviewer
):
    mine, theirs, waiting = list(seed_article.claims.order_by("start"))[:3]
    services.assign_claim(user=editor, claim=mine, assignee=reviewer)
    services.assign_claim(user=editor, claim=theirs, assignee=other_reviewer)
    propose(waiting, other_reviewer)
    own_proposal = propose(mine, reviewer)

    response = reviewer_client.get(reverse("web:dashboard"))

    assert [c.pk for c in response.context["my_claims"]] == [mine.pk]
    assert response.context["my_claims_count"] == (1, True)
    assert [c.pk for c in response.context["to_check"]] == [waiting.pk]  # never my own proposal
    assert [r.pk for r in response.context["recent_reviews"]] == [own_proposal.pk]
    html = response.content.decode()
    assert 'href="/queue/?assignee=me"' in html
    assert 'href="/queue/?proposal=to_check"' in html
    assert escape(waiting.text[:40]) in html


def test_dashboard_shows_articles_waiting_for_or_failing_extraction(editor_client, seed_article, editor):
    failed = Article.objects.create(
        title="추출 실패 기사",
        body="본문",
        content_hash="f" * 64,
        uploaded_by=editor,
        extraction_status=Article.ExtractionStatus.FAILED,
        extraction_error="RuntimeError: model file missing",
    )

    response = editor_client.get(reverse("web:dashboard"))

    assert [a.pk for a in response.context["extraction_articles"]] == [failed.pk]
    html = response.content.decode()
    assert "추출 실패 기사" in html
    assert "RuntimeError: model file missing" in html
    assert "?extraction_status=failed" in html


def _dashboard_queries(user) -> int:
    client = signed_in(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("web:dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_query_count_does_not_grow(seed_article, upload, editor, reviewer, other_reviewer):
    from tests.web.conftest import short_news

    first = _dashboard_queries(reviewer)
    for n in range(1, 4):
        article = upload(short_news(n))
        for claim in article.claims.all():
            services.assign_claim(user=editor, claim=claim, assignee=reviewer)
            propose(claim, other_reviewer)
    propose(seed_article.claims.first(), reviewer)

    # session, user, user and group permissions, status counts (six, each stopping at the count limit:
    # open, awaiting cross-check, verified, disputed, dismissed, all), articles needing extraction, my
    # claims and their count, proposals for me and their count, my recent reviews, unread notifications
    assert _dashboard_queries(reviewer) == first == 17


@override_settings(LIST_COUNT_LIMIT=5)
def test_counts_past_the_limit_say_so(reviewer_client, seed_article):
    response = reviewer_client.get(reverse("web:dashboard"))

    html = response.content.decode()
    assert response.context["counts"].open == (5, False)
    assert '<span class="stat-count">5+</span>' in html
    assert '데스크 전체 주장 <span class="muted">5건 초과</span>' in html
