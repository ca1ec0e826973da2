"""Claim extraction runs: queueing, running the engine, and replacing an article's claims."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

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
    """Queue a fresh extraction (after an extractor upgrade or a failure).

    Requests collapse: while the article is queued (for less than a lease) or a run holds a live lease, a
    second request adds no task; that run's claims are the fresh ones.
    """
    roles.require(user, roles.EXTRACT, gettext("You may not re-run claim extraction."))
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if not _queued_or_alive(locked):
            Article.objects.filter(pk=article.pk).update(
                extraction_status=Article.ExtractionStatus.PENDING,
                extraction_error="",
                extraction_owner="",
                extraction_attempts=0,
                updated_at=timezone.now(),
            )
            enqueue(article)
    article.refresh_from_db()
    return article


def _queued_or_alive(article: Article) -> bool:
    cutoff = timezone.now() - _lease()
    if article.extraction_status == Article.ExtractionStatus.PENDING:
        return article.updated_at >= cutoff
    if article.extraction_status == Article.ExtractionStatus.RUNNING:
        return (article.extraction_heartbeat_at or article.updated_at) >= cutoff
    return False


def enqueue(article: Article) -> None:
    from factcheck.tasks import extract_claims_task  # tasks imports services

    article_id = article.pk
    transaction.on_commit(lambda: extract_claims_task.enqueue(article_id))


class LeaseLost(Exception):
    """The article was taken over (re-queued by the sweep, or re-run) while this run worked: its claims are
    discarded, the run that holds the lease now writes."""


def run_queued_extraction(article_id: int) -> Article | None:
    """The task's work: take the queued article's lease and extract, or do nothing.

    Taking the lease is one conditional UPDATE (pending -> running), so of two tasks queued for the same
    article, or a task that outlived its article's re-queue, exactly one runs.
    """
    run_id = _take_leases(Article.objects.filter(pk=article_id, extraction_status=Article.ExtractionStatus.PENDING))
    if run_id is None:
        logger.info("article %s is not queued for extraction (taken by another run, or gone)", article_id)
        return None
    return _run(article_id, run_id, notify=True)


def extract_article_claims(*, article_id: int, notify: bool = True) -> Article:
    """Run the extractor on an article now and replace its claims in one transaction; tell the uploader.

    Takes the lease whatever the article's state: a run this starts supersedes one in progress.
    """
    run_id = _take_leases(Article.objects.filter(pk=article_id))
    if run_id is None:
        raise Article.DoesNotExist(f"article {article_id} does not exist")
    return _run(article_id, run_id, notify=notify)


def _run(article_id: int, run_id: str, *, notify: bool) -> Article:
    article = Article.objects.get(pk=article_id)
    try:
        with _heartbeat([article_id], run_id):
            sentences = engine.extract(article.body, threshold=settings.CLAIM_THRESHOLD)
            replace_claims(article_id, engine.claim_units(sentences), notify=notify, run_id=run_id)
    except LeaseLost:
        logger.warning("extraction run %s of article %s lost its lease; its claims are discarded", run_id, article_id)
    except Exception as exc:  # the text is hostile and the worker long-lived: never leave it "running"
        logger.exception("claim extraction failed for article %s", article_id)
        _mark_failed(article_id, exc, notify=notify, run_id=run_id)
    article.refresh_from_db()
    return article


def extract_batch(articles: list[Article], *, num_workers: int = 0) -> None:
    """Extract many articles with one batched Kiwi run; if the batch fails, each article on its own.

    Bulk imports are run by an editor at a terminal that reports every file, so no notifications.
    """
    if not articles:
        return
    ids = [a.pk for a in articles]
    run_id = _take_leases(Article.objects.filter(pk__in=ids))
    try:
        with _heartbeat(ids, run_id):
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
            replace_claims(article.pk, engine.claim_units(sentences), notify=False, run_id=run_id)
        except LeaseLost:
            logger.warning("article %s was taken over during the batch; its claims are discarded", article.pk)
        except Exception as exc:
            logger.exception("storing claims failed for article %s", article.pk)
            _mark_failed(article.pk, exc, notify=False, run_id=run_id)


def _lease() -> timedelta:
    return timedelta(seconds=settings.EXTRACTION_LEASE_SECONDS)


def _new_run_id() -> str:
    """Host, process and a random part: an operator can tell which machine's worker held an article."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _take_leases(articles: QuerySet[Article]) -> str | None:
    """Stamp a new run on these articles in one UPDATE; its id, or None when no row matched."""
    run_id = _new_run_id()
    now = timezone.now()
    taken = articles.update(
        extraction_status=Article.ExtractionStatus.RUNNING,
        extraction_error="",
        extraction_owner=run_id,
        extraction_attempts=F("extraction_attempts") + 1,
        extraction_started_at=now,
        extraction_heartbeat_at=now,
        updated_at=now,
    )
    return run_id if taken else None


@contextmanager
def _heartbeat(article_ids: list[int], run_id: str) -> Iterator[None]:
    """Renew the run's lease every third of the lease period while the block runs (Kiwi releases the GIL).

    The renewal skips rows another transaction has locked instead of waiting for them: the only lock
    holders are this run's own replace_claims and the sweep, and neither should be waited on.
    """
    stop = threading.Event()

    def renew() -> None:
        try:
            while not stop.wait(settings.EXTRACTION_LEASE_SECONDS / 3):
                try:
                    with transaction.atomic():
                        mine = Article.objects.select_for_update(skip_locked=True).filter(
                            pk__in=article_ids,
                            extraction_owner=run_id,
                            extraction_status=Article.ExtractionStatus.RUNNING,
                        )
                        Article.objects.filter(pk__in=list(mine.values_list("pk", flat=True))).update(
                            extraction_heartbeat_at=timezone.now()
                        )
                except DatabaseError:
                    logger.warning("could not renew the extraction lease of run %s", run_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=renew, name=f"extraction-heartbeat-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def requeue_expired_extractions() -> SweepResult:
    """Re-queue extractions whose run went silent for longer than the lease; fail those out of attempts.

    Run by every db_worker (factcheck's db_worker command) every EXTRACTION_SWEEP_SECONDS; rows another
    sweeper holds are skipped, so several machines sweeping at once handle each article once.
    """
    cutoff = timezone.now() - _lease()
    result = SweepResult()
    with transaction.atomic():
        expired = list(
            Article.objects.select_for_update(skip_locked=True)
            .filter(extraction_status=Article.ExtractionStatus.RUNNING)
            .filter(
                Q(extraction_heartbeat_at__lt=cutoff) | Q(extraction_heartbeat_at__isnull=True, updated_at__lt=cutoff)
            )
            .order_by("pk")
        )
        for article in expired:
            if article.extraction_attempts >= settings.EXTRACTION_MAX_ATTEMPTS:
                _mark_failed(article.pk, WorkerLost(_worker_lost_message(article.extraction_attempts)))
                result.failed.append(article.pk)
            else:
                Article.objects.filter(pk=article.pk).update(
                    extraction_status=Article.ExtractionStatus.PENDING,
                    extraction_owner="",
                    updated_at=timezone.now(),
                )
                enqueue(article)
                result.requeued.append(article.pk)
        _fail_orphaned_task_results([*result.requeued, *result.failed])
    if expired:
        logger.warning("extraction sweep: re-queued %s, failed %s", result.requeued, result.failed)
    return result


@dataclass
class SweepResult:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


class WorkerLost(Exception):
    """The worker running an extraction stopped (killed, out of memory, its machine gone) mid-run."""


def _worker_lost_message(attempts: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return ngettext(
            "The extraction was started %(n)d time and its worker stopped before finishing. "
            "Re-run extraction to try again.",
            "The extraction was started %(n)d times and each time its worker stopped before finishing. "
            "Re-run extraction to try again.",
            attempts,
        ) % {"n": attempts}


def _fail_orphaned_task_results(article_ids: list[int]) -> None:
    """Close the database queue's rows of the lost runs: RUNNING forever otherwise, though nobody runs them."""
    if not article_ids or not isinstance(task_backends["default"], DatabaseBackend):
        return
    from factcheck.tasks import extract_claims_task  # tasks imports services

    lost = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
        status=TaskResultStatus.RUNNING, task_path=extract_claims_task.module_path
    )
    lost_runs = {(article_id,) for article_id in article_ids}  # the task's arguments: (article_id,)
    for task_result in lost:
        args = tuple(task_result.args_kwargs.get("args") or ())
        if args in lost_runs:
            task_result.set_failed(WorkerLost(f"article {args[0]}: lease expired"))


def _mark_failed(article_id: int, exc: Exception, *, notify: bool = True, run_id: str | None = None) -> None:
    """Record the failure, unless the run that failed no longer holds the article (then it is not news)."""
    with transaction.atomic():
        mine = Article.objects.filter(pk=article_id)
        if run_id is not None:
            mine = mine.filter(extraction_owner=run_id)
        if not mine.update(
            extraction_status=Article.ExtractionStatus.FAILED,
            extraction_error=f"{type(exc).__name__}: {exc}"[:2000],
            updated_at=timezone.now(),
        ):
            return
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
def replace_claims(
    article_id: int, sentences: list[engine.Sentence], *, notify: bool = True, run_id: str | None = None
) -> None:
    """Make the article's claims the extractor's claim units, keeping people's work.

    `sentences` are `engine.claim_units`: check-worthy sentences, and the check-worthy clauses of a
    sentence that joins several assertions (each its own claim, `sentence_index` the sentence's).

    A claim whose sentence is still there is refreshed in place: same id, status, version, assignee
    (links in notifications and open pages stay valid). A vanished claim with history is kept and
    marked stale; a vanished claim nobody reviewed is deleted. A claim a person made or cut (a split,
    merge, re-span or manual claim) is left exactly as it is, and no extracted sentence overlapping it
    is added: the person's cut of that text wins over the machine's, on every re-run.

    With `run_id`, the claims are written only if that run still holds the article's extraction lease
    (checked under the article's lock); otherwise LeaseLost, and nothing changes.
    """
    # Lock the article so two extractions (or an extraction and a correction) cannot interleave writes, then
    # its claims (in id order, as corrections do): a verdict being recorded holds its claim's row, so we wait
    # for it, and one that comes after waits for us and finds the claim refreshed, kept stale, or gone (a
    # clear 409, services.reviews). Which claims have reviews is read after the locks, in a statement of its
    # own, so a verdict committed while we waited counts and its claim is never deleted under it.
    article = Article.objects.select_for_update().get(pk=article_id)
    if run_id is not None and article.extraction_owner != run_id:
        raise LeaseLost(article_id)
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
