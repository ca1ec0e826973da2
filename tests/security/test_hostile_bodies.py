"""Bodies and parameters built to break the parser: a clear 400 with a stable code, nothing written."""

from __future__ import annotations

import time

import pytest
from rest_framework.test import APIClient

from factcheck.api.parsers import MAX_JSON_DEPTH
from factcheck.models import Article, Review

pytestmark = pytest.mark.django_db


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1_000, 100_000])
def test_deeply_nested_json_is_a_400_everywhere(editor, reviewer, claim_1750, depth) -> None:
    body = _nested(depth)
    calls = [
        (_signed_in(editor), "post", "/api/articles/"),
        (_signed_in(reviewer), "post", f"/api/claims/{claim_1750.pk}/reviews/"),
        (_signed_in(reviewer), "patch", f"/api/claims/{claim_1750.pk}/"),
        (APIClient(), "post", "/api/auth/token/"),
    ]
    articles = Article.objects.count()
    for client, method, path in calls:
        started = time.perf_counter()
        response = getattr(client, method)(path, data=body, content_type="application/json")
        assert (response.status_code, response.json()["code"]) == (400, "json_too_deep"), path
        assert time.perf_counter() - started < 5  # refused at once, never after a long crawl
    assert Article.objects.count() == articles
    assert not Review.objects.exists()


def test_nesting_within_the_bound_is_parsed_as_usual(editor) -> None:
    # A body exactly at the bound reaches the serializer, which says what is wrong with it.
    body = '{"text": ' + _nested(MAX_JSON_DEPTH - 1) + "}"
    response = _signed_in(editor).post("/api/articles/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] != "json_too_deep"


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "١٢"])
def test_a_page_size_that_is_not_a_whole_number_is_a_400(reviewer, value) -> None:
    response = _signed_in(reviewer).get("/api/claims/", {"page_size": value})
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert "page_size" in response.json()["errors"]


def test_a_huge_page_size_is_capped_at_100(reviewer) -> None:
    response = _signed_in(reviewer).get("/api/claims/", {"page_size": 10**9})
    assert response.status_code == 200


def test_a_body_over_the_request_cap_is_a_413_in_json(editor) -> None:
    import json

    body = json.dumps({"text": "가" * 500_000})  # \uac00 six bytes a character: 3 MB
    response = _signed_in(editor).post("/api/articles/", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "request_too_large"
    assert not Article.objects.exists()


def test_a_database_outage_is_a_503_in_json(reviewer, monkeypatch) -> None:
    from django.db import OperationalError

    from factcheck import selectors

    def unreachable(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "claim_list", unreachable)
    response = _signed_in(reviewer).get("/api/claims/")
    assert (response.status_code, response.json()["code"]) == (503, "database_unavailable")
    assert response["Retry-After"] == "30"
    assert "데이터베이스" in response.json()["detail"]
