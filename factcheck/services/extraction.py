"""Claim extraction runs: queueing, running the engine, and replacing an article's claims."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from factcheck import extraction as engine
from factcheck.extraction import export
from factcheck.models import Article, Claim, Notification, Review
from factcheck.services import notifications, roles

logger = logging.getLogger(__name__)

# What a re-extraction refreshes on a claim whose sentence is still there (never status, version or assignee).
# The keys of claim_fields below.
EXTRACTED_FIELDS = [
    "text",
    "sentence_index",
    "score",
    "types",
    "speaker",
    "quantities",
    "dates",
    "evidence",
    "search_terms",
]


def request_extraction(*, user: Any, article: Article) -> Article:
    """Queue a fresh extraction (after an extractor upgrade or a failure)."""
    roles.require(user, roles.EXTRACT, gettext("You may not re-run claim extraction."))
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            extraction_status=Article.ExtractionStatus.PENDING, extraction_error="", updated_at=timezone.now()
        )
        enqueue(article)
    article.refresh_from_db()
    return article


def enqueue(article: Article) -> None:
    from factcheck.tasks import extract_claims_task  # tasks imports services

    article_id = article.pk
    transaction.on_commit(lambda: extract_claims_task.enqueue(article_id))


def extract_article_claims(*, article_id: int, notify: bool = True) -> Article:
    """Run the extractor on an article and replace its claims in one transaction; tell the uploader."""
    updated = Article.objects.filter(pk=article_id).update(
        extraction_status=Article.ExtractionStatus.RUNNING, extraction_error="", updated_at=timezone.now()
    )
    if not updated:
        raise Article.DoesNotExist(f"article {article_id} does not exist")
    article = Article.objects.get(pk=article_id)
    try:
        sentences = engine.extract(article.body, threshold=settings.CLAIM_THRESHOLD)
        replace_claims(article_id, engine.claim_units(sentences), notify=notify)
    except Exception as exc:  # the text is hostile and the worker long-lived: never leave it "running"
        logger.exception("claim extraction failed for article %s", article_id)
        _mark_failed(article_id, exc, notify=notify)
    article.refresh_from_db()
    return article


def extract_batch(articles: list[Article], *, num_workers: int = 0) -> None:
    """Extract many articles with one batched Kiwi run; if the batch fails, each article on its own.

    Bulk imports are run by an editor at a terminal that reports every file, so no notifications.
    """
    if not articles:
        return
    ids = [a.pk for a in articles]
    Article.objects.filter(pk__in=ids).update(
        extraction_status=Article.ExtractionStatus.RUNNING, extraction_error="", updated_at=timezone.now()
    )
    try:
        batches = engine.extract_many(
            [a.body for a in articles], threshold=settings.CLAIM_THRESHOLD, num_workers=num_workers
        )
    except Exception:
        # One hostile text must not sink the rest: fall back so only that article ends up "failed".
        logger.exception("batched extraction failed; extracting %d articles one by one", len(ids))
        for article_id in ids:
            extract_article_claims(article_id=article_id, notify=False)
        return
    for article, sentences in zip(articles, batches, strict=True):
        try:
            replace_claims(article.pk, engine.claim_units(sentences), notify=False)
        except Exception as exc:
            logger.exception("storing claims failed for article %s", article.pk)
            _mark_failed(article.pk, exc, notify=False)


def _mark_failed(article_id: int, exc: Exception, *, notify: bool = True) -> None:
    with transaction.atomic():
        Article.objects.filter(pk=article_id).update(
            extraction_status=Article.ExtractionStatus.FAILED,
            extraction_error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        )
        article = Article.objects.select_related("uploaded_by").get(pk=article_id)
        if notify and article.uploaded_by is not None:
            notifications.notify(
                recipient=article.uploaded_by,
                kind=Notification.Kind.EXTRACTION_FAILED,
                article_id=article.pk,
                note=article.extraction_error,
            )


def claim_fields(sentence: engine.Sentence) -> dict[str, Any]:
    return {
        "text": sentence.text,
        "sentence_index": sentence.index,
        "score": sentence.score,
        "types": list(sentence.types),
        "speaker": sentence.speaker,
        "quantities": [export.quantity_dict(q) for q in sentence.quantities],
        "dates": [export.date_dict(d) for d in sentence.dates],
        "evidence": list(sentence.evidence),
        "search_terms": " ".join(sentence.terms),
    }


@transaction.atomic
def replace_claims(article_id: int, sentences: list[engine.Sentence], *, notify: bool = True) -> None:
    """Make the article's claims the extractor's claim units, keeping people's work.

    `sentences` are `engine.claim_units`: check-worthy sentences, and the check-worthy clauses of a
    sentence that joins several assertions (each its own claim, `sentence_index` the sentence's).

    A claim whose sentence is still there is refreshed in place: same id, status, version, assignee
    (links in notifications and open pages stay valid). A vanished claim with history is kept and
    marked stale; a vanished claim nobody reviewed is deleted. A claim a person made or cut (a split,
    merge, re-span or manual claim) is left exactly as it is, and no extracted sentence overlapping it
    is added: the person's cut of that text wins over the machine's, on every re-run.
    """
    # Lock the article so two extractions (or an extraction and a correction) cannot interleave writes, then
    # its claims (in id order, as corrections do): a verdict being recorded holds its claim's row, so we wait
    # for it, and one that comes after waits for us and finds the claim refreshed, kept stale, or gone (a
    # clear 409, services.reviews). Which claims have reviews is read after the locks, in a statement of its
    # own, so a verdict committed while we waited counts and its claim is never deleted under it.
    article = Article.objects.select_for_update().get(pk=article_id)
    existing = list(Claim.objects.select_for_update().filter(article=article).order_by("pk"))
    reviewed = set(Review.objects.filter(claim__article=article).values_list("claim_id", flat=True))
    for claim in existing:
        claim.has_reviews = claim.pk in reviewed
    owned = [(c.start, c.end) for c in existing if c.is_person_owned and not c.is_stale]
    by_span = {
        (s.start, s.end): s for s in sentences if not any(s.start < end and start < s.end for start, end in owned)
    }
    now = timezone.now()
    refreshed, vanished_ids = [], []
    for claim in existing:
        if claim.is_person_owned:
            continue
        sentence = by_span.pop((claim.start, claim.end), None)
        if sentence is not None:
            for field, value in claim_fields(sentence).items():
                setattr(claim, field, value)
            claim.is_stale, claim.updated_at = False, now
            refreshed.append(claim)
        elif claim.has_reviews:
            # A reviewed claim is evidence of work done: keep it, flagged as no longer extracted.
            claim.is_stale, claim.updated_at = True, now
            refreshed.append(claim)
        else:
            vanished_ids.append(claim.pk)
    Claim.objects.bulk_update(refreshed, [*EXTRACTED_FIELDS, "is_stale", "updated_at"])
    Claim.objects.filter(pk__in=vanished_ids).delete()
    Claim.objects.bulk_create(
        Claim(article=article, start=s.start, end=s.end, **claim_fields(s)) for s in by_span.values()
    )
    article.extraction_status = Article.ExtractionStatus.DONE
    article.extraction_error = ""
    article.extractor_version = engine.EXTRACTOR_VERSION
    article.extracted_at = now
    article.save(
        update_fields=["extraction_status", "extraction_error", "extractor_version", "extracted_at", "updated_at"]
    )
    if notify and article.uploaded_by is not None:
        notifications.notify(
            recipient=article.uploaded_by,
            kind=Notification.Kind.EXTRACTION_DONE,
            article_id=article.pk,
            claim_count=len(sentences),
        )
