"""Who may call what: every endpoint × the whole cast.

Anonymous callers are stopped by DRF (signed-in accounts only). What a signed-in account sees is
decided by the selectors (no role → empty lists, 404 on detail) and what it may change by the
services (NotAllowed → 403), so the API cannot disagree with the web pages about roles.
"""

from __future__ import annotations

import pytest

from factcheck.models import Article, Review
from tests.api.conftest import USERS

ANON, OUTSIDER, EDITOR, REVIEWER, STAFF = USERS
SOURCE = {"url": "https://arxiv.org/abs/2005.14165", "title": "Language Models are Few-Shot Learners"}


def call(client, endpoint: str, user: str, article, claim):
    """One request per endpoint name; write bodies are valid, so only the caller decides the outcome."""
    a, c = f"/api/articles/{article.pk}/", f"/api/claims/{claim.pk}/"
    requests = {
        "article-list": lambda: client.get("/api/articles/"),
        "article-create": lambda: client.post(
            "/api/articles/", {"text": f"{user}가 올린 기사: 올해 반도체 수출은 1000억달러를 넘었다."}, format="json"
        ),
        "article-detail": lambda: client.get(a),
        "article-update": lambda: client.patch(a, {"byline": "양대규 기자"}, format="json"),
        "article-extract": lambda: client.post(a + "extract/"),
        "claim-list": lambda: client.get("/api/claims/"),
        "claim-detail": lambda: client.get(c),
        "review-list": lambda: client.get(c + "reviews/"),
        "review-verify": lambda: client.post(
            c + "reviews/",
            {"verdict": "verified", "note": "논문 확인", "version": 1, "sources": [SOURCE]},
            format="json",
        ),
        "review-dismiss": lambda: client.post(c + "reviews/", {"verdict": "dismissed", "version": 1}, format="json"),
        "schema": lambda: client.get("/api/schema/"),
        "docs": lambda: client.get("/api/docs/"),
    }
    return requests[endpoint]()


#                   anonymous outsider editor reviewer staff
EXPECTED = {
    "article-list": (403, 200, 200, 200, 200),
    "article-create": (403, 403, 201, 403, 201),
    "article-detail": (403, 404, 200, 200, 200),
    "article-update": (403, 404, 200, 403, 200),
    "article-extract": (403, 404, 202, 403, 202),
    "claim-list": (403, 200, 200, 200, 200),
    "claim-detail": (403, 404, 200, 200, 200),
    "review-list": (403, 404, 200, 200, 200),
    "review-verify": (403, 404, 403, 201, 201),
    "review-dismiss": (403, 404, 201, 201, 201),
    "schema": (200, 200, 200, 200, 200),
    "docs": (200, 200, 200, 200, 200),
}
CASES = [(endpoint, user, codes[i]) for endpoint, codes in EXPECTED.items() for i, user in enumerate(USERS)]


@pytest.mark.parametrize(("endpoint", "user", "expected"), CASES, ids=[f"{e}-{u}" for e, u, _ in CASES])
def test_permission_matrix(client_as, make_article, endpoint, user, expected):
    article = make_article(2)
    claim = article.claims.order_by("start").first()
    articles_before, reviews_before = Article.objects.count(), Review.objects.count()

    response = call(client_as(user), endpoint, user, article, claim)

    assert response.status_code == expected
    if expected in (403, 404) and response.get("Content-Type") == "application/json":
        code = {403: "not_authenticated" if user == ANON else "permission_denied", 404: "not_found"}[expected]
        assert response.json()["code"] == code
    if expected >= 400:  # a refused write leaves nothing behind
        assert (Article.objects.count(), Review.objects.count()) == (articles_before, reviews_before)


def test_anonymous_gets_a_json_explanation(client_as):
    response = client_as(ANON).get("/api/claims/")

    assert response.status_code == 403
    assert response.json() == {"code": "not_authenticated", "detail": "자격 인증 데이터가 제공되지 않았습니다."}


@pytest.mark.parametrize("path", ["/api/articles/", "/api/claims/"])
def test_outsider_sees_empty_lists(client_as, seed_article, path):
    response = client_as(OUTSIDER).get(path)

    assert response.json() == {"count": 0, "count_exact": True, "next": None, "previous": None, "results": []}


def test_outsider_cannot_reach_an_article_by_id(client_as, seed_article):
    response = client_as(OUTSIDER).get(f"/api/articles/{seed_article.pk}/")

    assert response.json() == {"code": "not_found", "detail": "찾을 수 없습니다."}


def test_token_authentication(client, editor, seed_article):
    from rest_framework.test import APIClient

    response = client.post("/api/auth/token/", {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 200
    token = response.json()["token"]

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/articles/").json()["count"] == 1

    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get("/api/articles/")
    assert response.status_code == 403
    assert response.json() == {"code": "authentication_failed", "detail": "토큰이 유효하지 않습니다."}


def test_token_needs_the_right_password(client, editor):
    response = client.post("/api/auth/token/", {"username": "editor", "password": "wrong"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
