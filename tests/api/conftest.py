"""Builders for the API tests: signed-in clients for the shared cast, and bulk claims for query-count pins."""

from __future__ import annotations

import pytest

from factcheck import ingest
from factcheck.extraction import terms
from factcheck.models import Article, Claim

USERS = ["anonymous", "outsider", "editor", "reviewer", "staff"]


@pytest.fixture
def upload(client_as, django_capture_on_commit_callbacks):
    """POST /api/articles/ as `user` and let the on-commit extraction run, as it does outside a test transaction."""

    def post(user: str = "editor", data=None, format: str = "json"):
        with django_capture_on_commit_callbacks(execute=True):
            return client_as(user).post("/api/articles/", data, format=format)

    return post


@pytest.fixture
def make_article(editor):
    """An article with `n_claims` claims written straight to the database (no extractor: counts stay exact).

    Their search keys come from the same analysis the extractor uses, so searches find them.
    """

    def make(n_claims: int, *, title: str = "반도체 수출 통계", types: tuple[str, ...] = ("statistic",)) -> Article:
        sentences = [f"{i + 1}월 반도체 수출은 {100 + i}억달러로 집계됐다." for i in range(n_claims)]
        body = " ".join(sentences) + f" ({title})"
        article = Article.objects.create(
            title=title,
            body=body,
            content_hash=ingest.content_hash(body),
            uploaded_by=editor,
            extraction_status=Article.ExtractionStatus.DONE,
        )
        claims, offset = [], 0
        for i, sentence in enumerate(sentences):
            start = body.index(sentence, offset)
            offset = start + len(sentence)
            claims.append(
                Claim(
                    article=article,
                    text=sentence,
                    start=start,
                    end=offset,
                    sentence_index=i,
                    score=round(0.5 + (i % 50) / 100, 2),
                    types=list(types),
                    quantities=[],
                    dates=[],
                    search_terms=" ".join(terms.of_text(sentence)),
                )
            )
        Claim.objects.bulk_create(claims)
        return article

    return make
