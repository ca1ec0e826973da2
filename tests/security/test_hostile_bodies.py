"""What the hostile-input table (test_hostile_input.py) cannot say in a row: how fast a hostile body is
refused, and the answer when the database itself is gone.

The bodies' statuses and codes (deep JSON on every endpoint, page sizes, the 3 MB body) are rows of the table.
"""

from __future__ import annotations

import time

import pytest
from rest_framework.test import APIClient

from factcheck.models import Article, Review

pytestmark = pytest.mark.django_db


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_deeply_nested_json_is_refused_at_once(editor, reviewer, claim_1750) -> None:
    body = "[" * 100_000 + "]" * 100_000
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
