"""The list filters' SQL is the expression of the index made for it (migration 0012), so PostgreSQL can use it.

An index whose expression differs by a cast from the query's is never used, and nothing else would notice:
the lists only get slow at a year's volume. Here the planner is told to avoid sequential scans, so a plan
names the index exactly when the query can use it. bench/scale.py measures the same lists at 1M claims.
Also: what the speaker and title filters match, on both databases.
"""

from __future__ import annotations

import pytest
from django.db import connection

from factcheck import selectors
from factcheck.models import Article, Claim

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own indexes")


def plan(queryset, *, bitmap_only: bool = False) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if bitmap_only:  # an index that can answer the condition itself, not one walked with a filter
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgres_only
@pytest.mark.parametrize("fragment", ["배영훈", "배영"])
def test_speaker_filter_uses_the_trigram_index(fragment):
    assert "claim_speaker_trgm" in plan(selectors.speaker_matches(Claim.objects.all(), fragment), bitmap_only=True)


@postgres_only
def test_type_filter_uses_the_containment_index():
    assert "claim_types_gin" in plan(selectors.with_type(Claim.objects.all(), "quote"), bitmap_only=True)


@postgres_only
def test_title_search_uses_the_trigram_index():
    assert "article_title_trgm" in plan(selectors.articles_titled("정부"), bitmap_only=True)


@postgres_only
@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        (("-score", "id"), "claim_score_order_idx"),
        (("score", "id"), "claim_score_asc_idx"),
        (("article_id", "start", "id"), "claim_reading_order_idx"),
        (("created_at", "id"), "claim_created_order_idx"),
        (("start", "id"), "claim_start_order_idx"),
    ],
)
def test_each_documented_ordering_reads_an_index(ordering, index):
    page_ids = Claim.objects.order_by(*ordering).values_list("pk", flat=True)[100:151]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
    assert index in plan(page_ids)


@postgres_only
def test_a_deep_queue_page_reads_its_filters_off_the_queue_index():
    """The ids of page 500 of "pending statistics by score": the type is tested on the index, not the table."""
    pending = selectors.with_type(Claim.objects.filter(status="pending", score__gte=0.6), "statistic")
    page_ids = pending.order_by("-score", "id").values_list("pk", flat=True)[24950:25001]
    with connection.cursor() as cursor:  # the order from an index, as at 1M claims (a few rows would be sorted)
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")

    text = plan(page_ids)

    # The queue index or the score index: both carry status and types beside the order (on an empty table
    # the planner picks either).
    assert (
        "Index Only Scan using claim_queue_order_idx" in text or "Index Only Scan using claim_score_order_idx" in text
    )
    assert "Filter: ((types @>" in text or "Filter: (types @>" in text


def _claim(article: Article, index: int, speaker: str | None) -> Claim:
    return Claim.objects.create(
        article=article, text=f"문장 {index}", start=index * 10, end=index * 10 + 5, sentence_index=index,
        score=0.7, speaker=speaker,
    )  # fmt: skip


def test_speaker_fragments_match_anywhere_from_three_characters_and_word_starts_below(seed_article):
    names = ["배영훈 LG AI연구원장", "김배영 기자", "이창환", "오픈AI", None]
    claims = {name: _claim(seed_article, 1000 + i, name) for i, name in enumerate(names)}
    everyone = Claim.objects.filter(pk__in=[c.pk for c in claims.values()])

    def found(fragment: str) -> set:
        return {c.speaker for c in selectors.speaker_matches(everyone, fragment)}

    assert found("배영훈") == {"배영훈 LG AI연구원장"}
    assert found("연구원장") == {"배영훈 LG AI연구원장"}  # three or more: anywhere, inside a word too
    assert found("ai연구") == {"배영훈 LG AI연구원장"}  # case aside
    assert found("배영") == {"배영훈 LG AI연구원장"}  # two: only at a word's start, not inside 김배영
    assert found("AI") == {"배영훈 LG AI연구원장"}  # not inside 오픈AI
    assert found("이") == {"이창환"}
    assert found("100%") == set()  # wildcards are matched as characters
    assert found("  ") == {name for name in names}  # nothing to look for: no filter


def test_article_title_fragments_follow_the_same_rule(editor):
    def article(title: str) -> Article:
        return Article.objects.create(title=title, body=title, content_hash=title, uploaded_by=editor)

    government, new_government = article("정부 반도체 지원책"), article("새정부 출범 100일")

    assert set(selectors.articles_titled("정부")) == {government}
    assert set(selectors.articles_titled("새정부")) == {new_government}
    assert set(selectors.articles_titled("반도체 지원")) == {government}
