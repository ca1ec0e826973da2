"""API tokens: hashed at rest, shown once, named, scoped (read | write), expiring, revocable by their
owner and by staff, and revoked when the owner's password changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck import services
from factcheck.models import ApiToken

pytestmark = pytest.mark.django_db


def _exchange(**fields):
    return APIClient().post("/api/auth/token/", {"username": "reviewer", "password": "pw-reviewer", **fields})


def _with(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


GPT3_PAPER = {"url": "https://arxiv.org/abs/2005.14165", "title": "Language Models are Few-Shot Learners"}


def _review(client: APIClient, claim) -> int:
    body = {"verdict": "verified", "note": "논문 확인", "version": claim.version, "sources": [GPT3_PAPER]}
    return client.post(f"/api/claims/{claim.pk}/reviews/", body, format="json").status_code


def test_the_exchange_answers_the_token_once_and_stores_only_its_digest(reviewer) -> None:
    response = _exchange(name="CMS 피드", scope="read", expires_in_days=30)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "name", "scope", "expires_at"}
    assert (body["name"], body["scope"]) == ("CMS 피드", "read")
    row = ApiToken.objects.get(user=reviewer)
    assert abs(row.expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    # Nothing in the table is the key: a copy of the database authenticates nobody.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM factcheck_apitoken")
        stored = [str(v) for row_values in cursor.fetchall() for v in row_values]
    assert body["token"] not in stored
    assert _with(row.digest).get("/api/articles/").status_code == 403
    assert _with(body["token"]).get("/api/articles/").status_code == 200


def test_the_default_token_reads_only(reviewer, claim_1750) -> None:
    token = _exchange().json()
    assert token["scope"] == "read"
    client = _with(token["token"])
    assert client.get(f"/api/claims/{claim_1750.pk}/").status_code == 200
    refused = client.post(
        f"/api/claims/{claim_1750.pk}/reviews/",
        {"verdict": "verified", "note": "논문 확인", "version": 1, "sources": [GPT3_PAPER]},
        format="json",
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "token_read_only")
    assert "읽기 전용" in refused.json()["detail"]
    assert not claim_1750.reviews.exists()


def test_a_write_token_records_a_verdict(reviewer, claim_1750) -> None:
    token = _exchange(scope="write", name="검증 봇").json()["token"]
    assert _review(_with(token), claim_1750) == 201
    assert claim_1750.reviews.get().reviewer == reviewer


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"scope": "admin"}, "scope"),
        ({"expires_in_days": 0}, "expires_in_days"),
        ({"expires_in_days": 366}, "expires_in_days"),
    ],
)
def test_a_scope_or_lifetime_the_desk_does_not_issue_is_a_400(reviewer, fields, field) -> None:
    response = _exchange(**fields)
    assert (response.status_code, response.json()["code"]) == (400, "invalid")
    assert field in response.json()["errors"]
    assert not ApiToken.objects.exists()


def test_an_expired_token_stops_working_and_is_removed(reviewer) -> None:
    token = _exchange().json()["token"]
    ApiToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    response = _with(token).get("/api/articles/")
    assert (response.status_code, response.json()["code"]) == (403, "authentication_failed")
    assert not ApiToken.objects.exists()


def test_a_password_change_revokes_every_token(reviewer) -> None:
    first, second = _exchange().json()["token"], _exchange(scope="write").json()["token"]
    reviewer.set_password("a-new-passphrase-2026")
    reviewer.save()
    assert not ApiToken.objects.filter(user=reviewer).exists()
    assert _with(first).get("/api/articles/").status_code == 403
    assert _with(second).get("/api/articles/").status_code == 403


def test_other_saves_of_the_account_keep_the_tokens(reviewer) -> None:
    token = _exchange().json()["token"]
    reviewer.first_name = "길동"
    reviewer.save()
    assert _with(token).get("/api/articles/").status_code == 200


def test_use_is_recorded_at_most_once_a_minute(reviewer) -> None:
    token = _exchange().json()["token"]
    client = _with(token)
    client.get("/api/articles/")
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    client.get("/api/articles/")
    assert ApiToken.objects.get().last_used_at == first
    ApiToken.objects.update(last_used_at=first - timedelta(minutes=2))
    client.get("/api/articles/")
    assert ApiToken.objects.get().last_used_at > first


def test_the_tokens_page_shows_a_new_key_once_and_revokes(reviewer, editor) -> None:
    web = Client()
    web.force_login(reviewer)
    page = web.post(reverse("web:tokens"), {"name": "속보 알림", "scope": "write", "expires_in_days": "7"})
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    token = ApiToken.objects.get(user=reviewer)
    key = page.context["issued"].key
    html = page.content.decode()
    assert key in html and "한 번만" in html
    assert key not in web.get(reverse("web:tokens")).content.decode()  # never again
    assert _with(key).get("/api/articles/").status_code == 200

    # Someone else's token cannot be revoked through this page: it is not theirs.
    theirs = services.issue_token(user=editor, name="편집 도구", scope="read").token
    web.post(reverse("web:token-revoke"), {"token": theirs.digest})
    assert ApiToken.objects.filter(pk=theirs.pk).exists()

    done = web.post(reverse("web:token-revoke"), {"token": token.digest}, follow=True)
    assert "폐기" in done.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert _with(key).get("/api/articles/").status_code == 403


def test_the_tokens_page_refuses_a_lifetime_past_a_year(reviewer) -> None:
    web = Client()
    web.force_login(reviewer)
    page = web.post(reverse("web:tokens"), {"name": "x", "scope": "read", "expires_in_days": "400"})
    assert page.status_code == 400
    assert not ApiToken.objects.exists()


def test_staff_see_and_revoke_every_token_in_the_admin(reviewer, editor, django_user_model) -> None:
    services.issue_token(user=reviewer, name="리뷰어 봇", scope="write")
    editors = services.issue_token(user=editor, name="편집 도구", scope="read").token
    admin = django_user_model.objects.create_superuser("boss", password="pw-boss-2026")
    web = Client()
    web.force_login(admin)
    listing = web.get("/admin/factcheck/apitoken/").content.decode()
    assert "리뷰어 봇" in listing and "편집 도구" in listing
    assert web.get("/admin/factcheck/apitoken/add/").status_code == 403
    web.post(
        "/admin/factcheck/apitoken/", {"action": "delete_selected", "_selected_action": [editors.pk], "post": "yes"}
    )
    assert not ApiToken.objects.filter(pk=editors.pk).exists()
    assert ApiToken.objects.filter(user=reviewer).exists()


def test_old_plain_text_tokens_are_hashed_and_keep_working(reviewer) -> None:
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    migration = importlib.import_module("factcheck.migrations.0009_api_tokens")
    legacy_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"

    def execute(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    # The table DRF's authtoken app made, as an upgraded desk has it (DDL inside the test's transaction).
    execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id bigint, created timestamp)")
    execute(f"INSERT INTO authtoken_token VALUES ('{legacy_key}', {reviewer.pk}, '2026-01-01')")
    migration.hash_legacy_tokens(apps, SimpleNamespace(connection=connection, execute=execute))

    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=reviewer)
    assert (token.scope, token.token_key) == ("write", legacy_key[:15])
    assert token.digest != legacy_key
    assert _with(legacy_key).get("/api/articles/").status_code == 200
