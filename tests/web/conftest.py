"""Builders for the page tests: signed-in clients for the cast, and articles uploaded through the service."""

from __future__ import annotations

import pytest
from django.test import Client

from factcheck import services


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor) -> Client:
    return signed_in(editor)


@pytest.fixture
def reviewer_client(reviewer) -> Client:
    return signed_in(reviewer)


@pytest.fixture
def other_reviewer_client(other_reviewer) -> Client:
    return signed_in(other_reviewer)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return signed_in(outsider)


@pytest.fixture
def upload(editor, django_capture_on_commit_callbacks):
    """upload("본문…", title=…) → an Article uploaded by the editor, claims extracted."""

    def _upload(text: str, **meta):
        with django_capture_on_commit_callbacks(execute=True):
            article = services.upload_article(user=editor, text=text, **meta)
        article.refresh_from_db()
        return article

    return _upload


def short_news(n: int) -> str:
    """A small, distinct article with check-worthy numbers (distinct text → no duplicate refusal)."""
    return (
        f"통계청 발표 {n}번째 기사\n"
        f"통계청은 지난해 실업률이 {n}.{n % 10}%로 집계됐다고 15일 밝혔다. "
        f'김민수 통계청장은 "취업자 수가 {n}만명 늘었다"고 말했다.\n'
    )


def review_data(claim, *, verdict: str, note: str = "", version: int | None = None, sources=()) -> dict[str, str]:
    """The POST body of the review form rendered for `claim` on the detail page."""
    prefix = "review-"
    data = {prefix + "verdict": verdict, prefix + "note": note, prefix + "version": str(version or claim.version)}
    for i, source in enumerate(sources, start=1):
        for part, value in source.items():
            data[f"{prefix}source_{i}_{part}"] = value
    return data


GPT3_PAPER = {
    "url": "https://arxiv.org/abs/2005.14165",
    "title": "Language Models are Few-Shot Learners",
    "publisher": "arXiv",
    "excerpt": "GPT-3, an autoregressive language model with 175 billion parameters",
}
