"""Korean-aware claim search: the same answers on SQLite and PostgreSQL, in the queue, the API and the admin."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck import selectors
from factcheck.models import Claim

pytestmark = pytest.mark.django_db

INVESTMENT_NEWS = (
    "투자 계획 발표\n"
    "LG는 2023년까지 초거대 AI에 1000억원을 투자한다고 15일 밝혔다.\n"
    "삼성전자는 올해 반도체 설비에 48조원을 투자했다고 발표했다.\n"
    "정부는 내년 연구개발 예산을 30조원으로 늘릴 계획이라고 밝혔다.\n"
)


@pytest.fixture
def investment_article(db, editor, django_capture_on_commit_callbacks):
    from factcheck import services

    with django_capture_on_commit_callbacks(execute=True):
        article = services.upload_article(user=editor, text=INVESTMENT_NEWS, outlet="테스트뉴스")
    article.refresh_from_db()
    assert article.claims.count() == 3
    return article


def found(query: str) -> set[str]:
    return set(selectors.search_claims(Claim.objects.all(), query).values_list("text", flat=True))


def containing(fragment: str) -> set[str]:
    return set(Claim.objects.filter(text__contains=fragment).values_list("text", flat=True))


@pytest.mark.parametrize("query", ["파라미터를", "파라미터가", "파라미터"])
def test_particles_do_not_matter(seed_article, query):
    expected = containing("파라미터")
    assert len(expected) == 4  # the Google/GPT-4 sentence is two claims, one per clause

    assert found(query) == expected


def test_endings_do_not_matter(investment_article):
    assert found("투자할") == {
        "LG는 2023년까지 초거대 AI에 1000억원을 투자한다고 15일 밝혔다.",
        "삼성전자는 올해 반도체 설비에 48조원을 투자했다고 발표했다.",
    }
    assert found("늘린다") == {"정부는 내년 연구개발 예산을 30조원으로 늘릴 계획이라고 밝혔다."}


def test_every_word_of_the_query_must_match(investment_article):
    assert found("반도체 투자") == {"삼성전자는 올해 반도체 설비에 48조원을 투자했다고 발표했다."}
    assert found("반도체 예산") == set()


def test_a_word_may_be_typed_in_part(seed_article):
    assert found("파라미") == containing("파라미터")


def test_numbers_match_whole(seed_article, investment_article):
    assert found("1750억") == containing("1750억")
    assert found("1750") == containing("1750")
    assert found("17") == set()  # a number never matches as the start of a longer one


def test_a_compound_matches_however_it_was_cut(seed_article):
    expected = containing("AI연구원장")
    assert expected

    assert found("AI연구원장") == expected
    assert found("연구원장") >= expected


def test_broad_and_selective_searches_find_the_same_claims(seed_article, monkeypatch):
    selective = found("파라미터")
    ordered = list(selectors.search_claims(Claim.objects.order_by("-score", "id"), "AI").values_list("pk", flat=True))

    monkeypatch.setattr(selectors, "SELECTIVE_SEARCH_LIMIT", 1)  # now every search here counts as broad
    assert found("파라미터") == selective
    assert (
        list(selectors.search_claims(Claim.objects.order_by("-score", "id"), "AI").values_list("pk", flat=True))
        == ordered
    )


def test_a_query_without_a_content_word_matches_the_text_itself(seed_article):
    assert found("?") == containing("?")
    assert found("") == set(Claim.objects.values_list("text", flat=True))


def test_hostile_queries_are_just_text(seed_article):
    for query in ["' OR 1=1 --", "a & b | !c", "파라미터:* & '", "\x00", "％" * 500]:
        assert isinstance(found(query), set)


def test_search_never_changes_the_stored_text(seed_article):
    before = list(Claim.objects.order_by("pk").values_list("text", "start", "end"))
    found("파라미터를")
    assert list(Claim.objects.order_by("pk").values_list("text", "start", "end")) == before


def test_api_search(api_client, reviewer, seed_article):
    api_client.force_login(reviewer)
    response = api_client.get("/api/claims/", {"search": "파라미터를", "page_size": 100})

    assert response.status_code == 200
    assert {c["text"] for c in response.json()["results"]} == containing("파라미터")


def test_admin_search(client, staff, seed_article):
    client.force_login(staff)
    response = client.get(reverse("admin:factcheck_claim_changelist"), {"q": "파라미터가"})

    assert response.status_code == 200
    shown = {c.text for c in response.context["cl"].result_list}
    assert shown == containing("파라미터")


def test_admin_search_also_finds_speakers_and_titles(client, staff, seed_article):
    client.force_login(staff)
    response = client.get(reverse("admin:factcheck_claim_changelist"), {"q": "배영훈"})

    shown = {c.text for c in response.context["cl"].result_list}
    assert shown >= set(Claim.objects.filter(speaker__contains="배영훈").values_list("text", flat=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_answers_from_the_gin_index(seed_article):
    """The matches' ids come from the GIN index (the query search_claims runs first); the page is then read
    by those ids through the primary key."""
    with CaptureQueriesContext(connection) as queries:
        claims = selectors.search_claims(Claim.objects.all(), "파라미터를")
    (ids_query,) = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would otherwise be scanned whole
        cursor.execute("EXPLAIN " + ids_query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "claim_search_terms_gin" in plan, plan
    assert set(claims) == set(Claim.objects.filter(text__contains="파라미터"))
