"""The shared cast: an editor, a reviewer, a staff member, and an outsider with an account but no role."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_PATH = REPO / "factcheck" / "fixtures" / "seed_article.txt"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def default_language():
    """A test that asks for English must not leave it active for the next one on this thread."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The API's rate counts live in the cache, which outlives a test: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast is created afresh for every test; PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_archiving(settings):
    """Recording a verdict fetches its sources' pages: never in tests, unless a test asks for `archiving`."""
    settings.ARCHIVE_SOURCES = False
    settings.EVIDENCE_ALLOWED_ADDRESSES = []


@pytest.fixture
def archiving(no_archiving, settings, monkeypatch):
    """Sources are archived when a verdict is recorded, and host names resolve only through the returned
    mapping (`archiving["news.example"] = "127.0.0.1"`): any other name fails, so a source URL such as
    https://arxiv.org/ never reaches the internet.
    """
    import socket

    real_getaddrinfo = socket.getaddrinfo
    names: dict[str, str] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        import ipaddress

        try:
            ipaddress.ip_address(str(host).split("%")[0])
        except ValueError:
            if host not in names:
                raise socket.gaierror(socket.EAI_NONAME, f"tests resolve no real names ({host})") from None
            host = names[host]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    settings.ARCHIVE_SOURCES = True
    return names


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def _user(django_user_model, username: str, group: str | None = None, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(username=username, password="pw-" + username, **extra)
    if group:
        if not Group.objects.filter(name=group).exists():
            _make_roles_again()
        user.groups.add(Group.objects.get(name=group))
    return user


def _make_roles_again() -> None:
    """A transactional test (threads, worker processes, the browser's live server) flushes every table
    afterwards, the role groups the migrations made included: make them again as the migrations do."""
    import importlib

    from django.apps import apps

    importlib.import_module("factcheck.migrations.0002_roles").create_roles(apps, None)
    importlib.import_module("factcheck.migrations.0005_editors_assign_claims").grant(apps, None)
    importlib.import_module("factcheck.migrations.0007_claim_corrections").grant(apps, None)


@pytest.fixture
def editor(db, django_user_model):
    return _user(django_user_model, "editor", "Editors")


@pytest.fixture
def reviewer(db, django_user_model):
    return _user(django_user_model, "reviewer", "Reviewers")


@pytest.fixture
def other_reviewer(db, django_user_model):
    return _user(django_user_model, "reviewer2", "Reviewers")


@pytest.fixture
def staff(db, django_user_model):
    return _user(django_user_model, "staff", is_staff=True, is_superuser=True)


@pytest.fixture
def outsider(db, django_user_model):
    return _user(django_user_model, "outsider")


@pytest.fixture
def seed_article(db, editor, seed_text, django_capture_on_commit_callbacks):
    """The seed article uploaded by the editor, with its claims extracted (the task runs on commit)."""
    from factcheck import services

    with django_capture_on_commit_callbacks(execute=True):
        article = services.upload_article(user=editor, text=seed_text, outlet="뉴스투데이")
    article.refresh_from_db()
    return article


@pytest.fixture
def two_models(seed_article):
    """The seed's Google/GPT-4 sentence stored as one claim, a true fact and a rumour together.

    Extractors before 1.8 stored it so, and a person's merge does; today's extractor stores each clause
    as its own claim, so the two are joined back here into the one claim a reviewer would split.
    """
    from factcheck import extraction
    from factcheck.models import Claim
    from factcheck.services.extraction import claim_fields

    google = seed_article.claims.get(text__contains="1조6000억개")
    openai = seed_article.claims.get(text__contains="오픈AI는 약 100조개")
    sentence = next(s for s in extraction.extract(seed_article.body) if s.start <= google.start < s.end)
    openai.delete()
    Claim.objects.filter(pk=google.pk).update(start=sentence.start, end=sentence.end, **claim_fields(sentence))
    google.refresh_from_db()
    return google


@pytest.fixture
def claim_1750(seed_article):
    """The GPT-3 parameter-count claim: a number a reviewer can check against OpenAI's paper."""
    return seed_article.claims.filter(text__contains="1750억개의 파라미터").get()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def client_as(db, request):
    """client_as("editor") → an APIClient signed in (by session) as that member of the cast; "anonymous" → nobody."""

    from rest_framework.test import APIClient

    def make(name: str):
        client = APIClient()
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return make
