"""What a request that fails outside any view gets: the API's JSON shape under /api/, a Korean page elsewhere."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from factcheck.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_goes_down(monkeypatch):
    """The database going away between requests: the session middleware is the first to need it."""

    def unreachable(self, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')

    return lambda: monkeypatch.setattr(SessionStore, "load", unreachable)


def _signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_an_outage_met_by_the_middleware_is_a_503_json_answer_in_the_api(editor, database_goes_down):
    client = _signed_in(editor)
    database_goes_down()
    response = client.get("/api/articles/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"] == "30"


def test_an_outage_met_by_the_middleware_is_a_korean_503_page(editor, database_goes_down):
    articles = Article.objects.count()
    client = _signed_in(editor)
    database_goes_down()
    response = client.post("/articles/new/", {"text": "정부는 예산 1000억원을 배정했다."})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "데이터베이스" in page and "503" in page
    assert Article.objects.count() == articles


def test_an_unknown_api_address_is_a_json_404(editor):
    response = _signed_in(editor).get("/api/no-such-thing/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json()["code"] == "not_found"


def test_an_unknown_page_is_a_korean_404_page(editor):
    response = _signed_in(editor).get("/no-such-page/")
    assert response.status_code == 404
    assert "이 주소에는 아무것도 없습니다" in response.content.decode()


def test_a_crash_elsewhere_is_a_500_in_the_api_shape_and_never_shows_the_exception(editor, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("secret internal detail")

    client = _signed_in(editor)
    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get("/api/articles/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
    assert "secret internal detail" not in response.content.decode()


def test_a_host_not_allowed_is_a_400_json_answer_in_the_api() -> None:
    response = Client(raise_request_exception=False).get("/api/articles/", HTTP_HOST="evil.example")
    assert (response.status_code, response.json()["code"]) == (400, "bad_request")
