"""Guessing passwords: after FACTCHECK_LOGIN_FAILURE_LIMIT failures per account or per address, every
sign-in door (/login/, /admin/login/, POST /api/auth/token/) answers 429 with Retry-After, the right
password included, until the cool-off has passed; a success clears the account's failures."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient

LIMIT = 5  # settings.AXES_FAILURE_LIMIT, the documented default
COOLOFF_SECONDS = 15 * 60

pytestmark = pytest.mark.django_db


def _web_sign_in(client: Client, username: str, password: str, path: str = "/login/"):
    return client.post(path, {"username": username, "password": password})


def _token(client: APIClient, username: str, password: str, address: str = "127.0.0.1"):
    return client.post("/api/auth/token/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_web_sign_in_locks_after_the_limit_even_for_the_right_password(editor) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        assert _web_sign_in(client, "editor", "wrong").status_code == 200  # the form again, with its error
    locked = _web_sign_in(client, "editor", "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(COOLOFF_SECONDS)
    assert "로그인" in locked.content.decode() and "15분" in locked.content.decode()

    right = _web_sign_in(client, "editor", "pw-editor")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="editor").failures_since_start == LIMIT + 1


def test_a_success_clears_the_accounts_failures(editor) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        _web_sign_in(client, "editor", "wrong")
    assert _web_sign_in(client, "editor", "pw-editor").status_code == 302
    assert not AccessAttempt.objects.filter(username="editor").exists()
    Client().post("/logout/")
    for _ in range(LIMIT - 1):
        assert _web_sign_in(Client(), "editor", "wrong").status_code == 200  # counting from zero again


def test_one_address_guessing_many_accounts_is_locked_out(editor, reviewer) -> None:
    client = Client()
    for n in range(LIMIT):
        _web_sign_in(client, f"nobody{n}", "wrong")
    # Accounts it never tried are closed to that address too; the same accounts from elsewhere are not.
    assert _web_sign_in(client, "reviewer", "pw-reviewer").status_code == 429
    elsewhere = Client(REMOTE_ADDR="10.0.0.9")
    assert _web_sign_in(elsewhere, "reviewer", "pw-reviewer").status_code == 302


def test_a_forwarded_for_header_does_not_pick_the_address(editor) -> None:
    # FACTCHECK_NUM_PROXIES=0: the socket's address counts, whatever X-Forwarded-For says.
    for n in range(LIMIT):
        Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post("/login/", {"username": f"nobody{n}", "password": "x"})
    assert _web_sign_in(Client(HTTP_X_FORWARDED_FOR="198.51.100.7"), "editor", "pw-editor").status_code == 429


def test_the_admin_sign_in_shares_the_lockout(editor) -> None:
    for _ in range(LIMIT):
        _web_sign_in(Client(), "editor", "wrong", path="/admin/login/")
    response = _web_sign_in(Client(), "editor", "pw-editor", path="/admin/login/")
    assert response.status_code == 429
    assert response["Retry-After"] == str(COOLOFF_SECONDS)


def test_the_token_endpoint_answers_a_lockout_in_json(editor) -> None:
    client = APIClient()
    for n in range(LIMIT - 1):
        assert _token(client, "editor", "wrong", f"10.1.0.{n}").status_code == 400
    locked = _token(client, "editor", "wrong", "10.1.0.99")
    assert locked.status_code == 429
    assert locked.data["code"] == "login_locked"
    assert "15분" in locked.data["detail"]
    assert locked["Retry-After"] == str(COOLOFF_SECONDS)
    # The right password from a fresh address: the account itself is locked.
    right = _token(client, "editor", "pw-editor", "10.2.0.1")
    assert (right.status_code, right.data["code"]) == (429, "login_locked")
    assert "token" not in right.data


def test_the_token_endpoint_is_rate_limited_per_address(editor, monkeypatch) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "token", "3/minute")
    client = APIClient()
    assert [_token(client, "editor", "pw-editor").status_code for _ in range(3)] == [200, 200, 200]
    limited = _token(client, "editor", "pw-editor")
    assert (limited.status_code, limited.data["code"]) == (429, "throttled")
    assert int(limited["Retry-After"]) > 0
    assert "초" in limited.data["detail"]
    assert _token(client, "editor", "pw-editor", address="10.3.0.1").status_code == 200


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_the_api_is_rate_limited_per_user(reviewer, editor, monkeypatch) -> None:
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/minute")
    client = _signed_in(reviewer)
    assert [client.get("/api/claims/").status_code for _ in range(2)] == [200, 200]
    limited = client.get("/api/claims/")
    assert (limited.status_code, limited.data["code"]) == (429, "throttled")
    assert int(limited["Retry-After"]) > 0
    assert _signed_in(editor).get("/api/claims/").status_code == 200  # another user has their own count


def test_with_a_cache_url_the_counts_live_in_redis_for_every_host(reviewer, monkeypatch, settings) -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    from rest_framework.throttling import SimpleRateThrottle

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/15"}
    }
    from django.core.cache import cache

    monkeypatch.setattr(SimpleRateThrottle, "cache", cache)
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/minute")
    cache.clear()
    try:
        client = _signed_in(reviewer)
        assert [client.get("/api/claims/").status_code for _ in range(3)] == [200, 200, 429]
        raw = redis.Redis.from_url("redis://127.0.0.1:6379/15")
        assert any(b"throttle_user_" in key for key in raw.keys("*"))  # what another web host would read
    finally:
        cache.clear()
