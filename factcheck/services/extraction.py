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
    run_id = _take_queued_leases([article_id])
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


# A batch's extraction result for one article: its claim units, or the exception its text raised.
BatchResult = list[engine.Sentence] | Exception


def extract_texts(texts: list[str], *, num_workers: int = 0) -> list[BatchResult]:
    """Claim units of each text from one batched Kiwi run; if the batch fails, each text on its own.

    A text the extractor cannot handle gets its exception in place of claims: one hostile text must not
    sink the rest of the batch.
    """
    try:
        batches = engine.extract_many(texts, threshold=settings.CLAIM_THRESHOLD, num_workers=num_workers)
        return [engine.claim_units(sentences) for sentences in batches]
    except Exception:
        logger.exception("batched extraction failed; extracting %d texts one by one", len(texts))
    results: list[BatchResult] = []
    for text in texts:
        try:
            results.append(engine.claim_units(engine.extract(text, threshold=settings.CLAIM_THRESHOLD)))
        except Exception as exc:
            logger.exception("claim extraction failed for one text of the batch")
            results.append(exc)
    return results


def queues_in_database() -> bool:
    """Whether tasks wait in the database for `db_worker`s (else they run in this process)."""
    return isinstance(task_backends["default"], DatabaseBackend)


def enqueue_batch(article_ids: list[int]) -> None:
    """Queue one task that extracts these articles together, on whichever worker takes it first.

    Called inside the transaction that creates the articles: the database backend's task row is written in
    that transaction, so the articles and their task commit together (an import interrupted in between
    leaves neither, never an article nobody will extract).
    """
    from factcheck.tasks import extract_batch_task  # tasks imports services

    extract_batch_task.enqueue(article_ids)


def run_queued_batch(article_ids: list[int]) -> None:
    """The batch task's work: take the leases of the batch's articles still queued, extract them together.

    Taking the leases is one conditional UPDATE (pending -> running), so two workers never extract the same
    article: a duplicate of the task, a batch overlapping it, or an article's own task (a re-run request, the
    sweep) each get only the articles nobody took before them. Bulk imports notify nobody.
    """
    run_id = _take_queued_leases(article_ids)
    if run_id is None:
        logger.info("no article of the batch %s is queued for extraction (taken by other runs, or gone)", article_ids)
        return
    taken = list(
        Article.objects.filter(pk__in=article_ids, extraction_owner=run_id).order_by("pk").values_list("pk", "body")
    )
    ids = [pk for pk, _ in taken]
    with _heartbeat(ids, run_id):
        results = extract_texts([body for _, body in taken])
        store_batch(run_id, dict(zip(ids, results, strict=True)))


def store_extracted(article_ids: list[int], results: list[BatchResult]) -> None:
    """Store an in-process batch run (bulk import): take the leases of those still queued, then store_batch.

    The caller extracts first and calls this inside the transaction that creates the articles, so they
    appear complete (done or failed, with their claims), never `running`: an import interrupted or killed
    leaves nothing half-written. An article another run took meanwhile is not stored by this one.
    """
    run_id = _take_queued_leases(article_ids)
    if run_id is not None:
        store_batch(run_id, dict(zip(article_ids, results, strict=True)))


def store_batch(run_id: str, results: dict[int, BatchResult]) -> None:
    """Store a batch run's claims with a few statements for the whole batch, not a few per article.

    The invariants of `replace_claims` hold: written only for articles this run still holds (checked under
    their locks), then done with the extractor version and time, or failed with the reason. An article that
    already has claims (re-queued after an earlier extraction) goes through `replace_claims`, which keeps
    people's work. If the bulk write fails, each article is stored on its own so only the bad one fails.
    """
    try:
        with transaction.atomic():
            _store_batch(run_id, results)
        return
    except Exception:
        logger.exception("storing the claims of %d articles together failed; storing them one by one", len(results))
    for article_id, result in results.items():
        if isinstance(result, Exception):
            _mark_failed(article_id, result, notify=False, run_id=run_id)
            continue
        try:
            replace_claims(article_id, result, notify=False, run_id=run_id)
        except LeaseLost:
            logger.warning("article %s was taken over during the batch; its claims are discarded", article_id)
        except Exception as exc:
            logger.exception("storing claims failed for article %s", article_id)
            _mark_failed(article_id, exc, notify=False, run_id=run_id)


def _store_batch(run_id: str, results: dict[int, BatchResult]) -> None:
    # The articles' locks, in id order as replace_claims and corrections take them; the owner is checked under
    # them, so a run that lost its lease (the sweep re-queued it, a person re-ran it) writes nothing.
    held = list(
        Article.objects.select_for_update()
        .filter(pk__in=list(results), extraction_owner=run_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(held) < len(results):
        logger.warning("batch run %s lost the lease of articles %s", run_id, sorted(set(results) - set(held)))
    with_claims = set(
        Claim.objects.filter(article_id__in=held).order_by().values_list("article_id", flat=True).distinct()
    )
    now = timezone.now()
    stored, claims = [], []
    for article_id in held:
        result = results[article_id]
        if isinstance(result, Exception):
            _mark_failed(article_id, result, notify=False, run_id=run_id)
        elif article_id in with_claims:
            replace_claims(article_id, result, notify=False, run_id=run_id)
        else:
            stored.append(article_id)
            # One claim per span, as replace_claims keys them (the span is unique per article).
            by_span = {(s.start, s.end): s for s in result}
            claims += [
                Claim(article_id=article_id, start=s.start, end=s.end, **claim_fields(s)) for s in by_span.values()
            ]
    Claim.objects.bulk_create(claims)
    Article.objects.filter(pk__in=stored, extraction_owner=run_id).update(
        extraction_status=Article.ExtractionStatus.DONE,
        extraction_error="",
        extractor_version=engine.EXTRACTOR_VERSION,
        extracted_at=now,
        updated_at=now,
    )


def _lease() -> timedelta:
    return timedelta(seconds=settings.EXTRACTION_LEASE_SECONDS)


def _new_run_id() -> str:
    """Host, process and a random part: an operator can tell which machine's worker held an article."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _take_queued_leases(article_ids: list[int]) -> str | None:
    """`_take_leases` of those of the articles still queued: a task's or an import's, never a running run's."""
    return _take_leases(Article.objects.filter(pk__in=article_ids, extraction_status=Article.ExtractionStatus.PENDING))


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
    """Close the database queue's rows of the lost runs: RUNNING forever otherwise, though nobody runs them.

    An article's own task names the article; a bulk import's batch task names its articles, and its run
    is lost when any of them is (one heartbeat renews them all) and none of them is still running.
    """
    if not article_ids or not queues_in_database():
        return
    from factcheck.tasks import extract_batch_task, extract_claims_task  # tasks imports services

    lost_ids = set(article_ids)
    still_running = set(
        Article.objects.filter(extraction_status=Article.ExtractionStatus.RUNNING).values_list("pk", flat=True)
    )
    rows = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
        status=TaskResultStatus.RUNNING, task_path__in=[extract_claims_task.module_path, extract_batch_task.module_path]
    )
    for task_result in rows:
        args = task_result.args_kwargs.get("args") or [None]
        ids = set(args[0]) if task_result.task_path == extract_batch_task.module_path else {args[0]}
        if ids & lost_ids and not ids & still_running:
            task_result.set_failed(WorkerLost(f"articles {sorted(ids & lost_ids)}: lease expired"))


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
