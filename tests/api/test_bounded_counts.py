"""Lists past settings.LIST_COUNT_LIMIT rows: counted up to the limit, every page still reachable, nothing repeated.

The limit is 10,000 in production; here it is lowered so a dozen claims are "a million".
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from factcheck.models import Claim

pytestmark = pytest.mark.django_db


def page(client, query: str) -> dict:
    response = client.get(f"/api/claims/{query}")
    assert response.status_code == 200, response.content
    return response.json()


@override_settings(LIST_COUNT_LIMIT=5)
def test_past_the_limit_count_is_a_lower_bound_and_every_page_is_reached(client_as, make_article):
    article = make_article(12)
    article.claims.update(score=0.7)  # all tied: pages must still neither repeat nor skip a claim
    client = client_as("reviewer")

    first = page(client, "?ordering=-score&page_size=5")
    assert (first["count"], first["count_exact"]) == (5, False)
    seen, query = [], "?ordering=-score&page_size=5"
    for number in (1, 2, 3):
        body = page(client, f"{query}&page={number}")
        seen += [row["id"] for row in body["results"]]
        assert (body["next"] is None) == (number == 3)
        assert (body["previous"] is None) == (number == 1)
    assert len(seen) == 12
    assert sorted(seen) == sorted(article.claims.values_list("id", flat=True))
    # The page order is the order of the whole list, as with an exact count.
    assert seen == list(Claim.objects.order_by("-score", "id").values_list("id", flat=True))

    past_the_end = client.get(f"/api/claims/{query}&page=4")
    assert past_the_end.status_code == 404
    assert past_the_end.json()["code"] == "not_found"


@override_settings(LIST_COUNT_LIMIT=5)
def test_within_the_limit_count_is_exact(client_as, make_article):
    make_article(5)

    body = page(client_as("reviewer"), "?page_size=2")

    assert (body["count"], body["count_exact"]) == (5, True)
    assert client_as("reviewer").get("/api/claims/?page_size=2&page=4").status_code == 404


@override_settings(LIST_COUNT_LIMIT=5)
def test_a_filter_counts_its_own_matches(client_as, make_article):
    make_article(12)
    make_article(3, title="인용 기사", types=("quote",))

    body = page(client_as("reviewer"), "?type=quote")

    assert (body["count"], body["count_exact"]) == (3, True)
    assert {row["types"][0] for row in body["results"]} == {"quote"}


@override_settings(LIST_COUNT_LIMIT=5)
def test_a_deep_page_costs_the_same_queries_whatever_its_depth(client_as, make_article, django_assert_num_queries):
    make_article(40)
    client = client_as("reviewer")
    client.get("/api/claims/?page_size=5")  # session and permissions cached the same way for each

    # session, user, permissions (user + groups), the bounded count, the page's ids, the page's rows
    for number in (2, 8):
        with django_assert_num_queries(7):
            body = page(client, f"?page_size=5&page={number}")
        assert len(body["results"]) == 5


@override_settings(LIST_COUNT_LIMIT=5)
def test_the_queue_says_more_than_the_limit(client_as, make_article):
    make_article(60)  # the queue shows 25 a page

    response = client_as("reviewer").get("/queue/?page=2")

    assert response.status_code == 200
    text = response.content.decode()
    assert "5건 초과" in text
    assert "2쪽" in text
    assert 'rel="next"' in text and 'rel="prev"' in text
    assert text.count("data-queue-row ") == 25


@override_settings(LIST_COUNT_LIMIT=5)
def test_a_queue_page_past_the_end_shows_the_last_page(client_as, make_article):
    make_article(60)

    response = client_as("reviewer").get("/queue/?page=9")

    assert response.status_code == 200
    text = response.content.decode()
    assert "3쪽" in text
    assert 'rel="next"' not in text
    assert text.count("data-queue-row ") == 10


def test_the_schema_documents_count_exact(client_as):
    schema = client_as("reviewer").get("/api/schema/?format=json").json()
    page_schema = schema["components"]["schemas"]["PaginatedClaimListList"]

    assert page_schema["properties"]["count_exact"]["type"] == "boolean"
    assert "count_exact" in page_schema["required"]


@override_settings(LIST_COUNT_LIMIT=5)
def test_an_absurd_page_number_is_a_404_and_the_queue_shows_its_last_page(client_as, make_article):
    """Past the counted rows a page is found by fetching it: a page number beyond any table (an OFFSET past the
    database's bigint) must be an answer, not a database error."""
    make_article(60)
    client = client_as("reviewer")

    api = client.get("/api/claims/", {"page": str(10**30)})
    queue = client.get("/queue/", {"page": str(10**30)})

    assert api.status_code == 404
    assert api.json()["code"] == "not_found"
    assert queue.status_code == 200
    assert queue.content.decode().count("data-queue-row ") > 0
