"""Evidence snapshots: queued with the verdict that cites the sources, fetched after it commits.

    record_review ──(same transaction)──▶ Snapshot(pending) ──on commit──▶ archive_source_task
    archive_source: fetch (no lock, no transaction held) ──▶ archived | refused | failed (one atomic write)

An archived snapshot is final: running the task again does nothing. A refused or failed one is fetched
again when its task runs again (`manage.py archive_sources --retry-failed`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from factcheck import fetch
from factcheck.evidence.models import Snapshot
from factcheck.models import Source

logger = logging.getLogger(__name__)


def archiving_enabled() -> bool:
    return bool(settings.ARCHIVE_SOURCES)


def queue_snapshots(sources: Sequence[Source]) -> list[Snapshot]:
    """A pending snapshot for each newly saved source, archived once the caller's transaction commits.

    Nothing when FACTCHECK_ARCHIVE_SOURCES is off: the sources then have no snapshot (the API says null).
    """
    if not archiving_enabled() or not sources:
        return []
    from factcheck.evidence.tasks import archive_source_task  # tasks imports this module

    snapshots = Snapshot.objects.bulk_create([Snapshot(source=source) for source in sources])
    for source in sources:
        transaction.on_commit(partial(archive_source_task.enqueue, source.pk))
    return snapshots


def enqueue_archiving(source_ids: Sequence[int]) -> int:
    """Queue the archiving of these sources now (the retry and back-fill paths of the command)."""
    from factcheck.evidence.tasks import archive_source_task

    for source_id in source_ids:
        archive_source_task.enqueue(source_id)
    return len(source_ids)


def fetch_limits() -> fetch.Limits:
    return fetch.Limits(**settings.EVIDENCE_FETCH_LIMITS)


def archive_source(*, source_id: int) -> Snapshot:
    """Fetch the source's page and store what it said; an already archived snapshot is left as it is."""
    source = Source.objects.get(pk=source_id)
    snapshot, _ = Snapshot.objects.get_or_create(source=source)
    if snapshot.status == Snapshot.Status.ARCHIVED:
        return snapshot
    # The network wait happens outside any transaction: no row is locked while a slow site answers.
    outcome = _fetch(source.url)
    with transaction.atomic():
        # Two runs of the same task (a retry racing the first) both fetch; the first to store wins.
        locked = Snapshot.objects.select_for_update().get(pk=snapshot.pk)
        if locked.status == Snapshot.Status.ARCHIVED:
            return locked
        for name, value in outcome.items():
            setattr(locked, name, value)
        locked.attempts += 1
        locked.save()
    return locked


_EMPTY = {
    "final_url": "",
    "http_status": None,
    "title": "",
    "text": "",
    "sha256": "",
    "raw_html": b"",
    "content_type": "",
}


def _fetch(url: str) -> dict[str, object]:
    """The snapshot's new fields for what happened when fetching `url`."""
    now = timezone.now()
    try:
        page = fetch.fetch(url, limits=fetch_limits(), allow=settings.EVIDENCE_ALLOWED_ADDRESSES)
    except fetch.FetchError as exc:
        status = Snapshot.Status.REFUSED if isinstance(exc, fetch.FetchRefused) else Snapshot.Status.FAILED
        return {
            **_EMPTY,
            "status": status,
            "reason": exc.code,
            "detail": exc.detail[:2000],
            "fetched_at": now,
            "final_url": exc.url[:2000],
            "http_status": exc.http_status,
        }
    except Exception as exc:  # a bug of ours must not leave the snapshot pending for ever
        logger.exception("archiving %s failed unexpectedly", url)
        return {
            **_EMPTY,
            "status": Snapshot.Status.FAILED,
            "reason": Snapshot.Reason.UNEXPECTED_ERROR,
            "detail": repr(exc)[:2000],
            "fetched_at": now,
        }
    return {
        "status": Snapshot.Status.ARCHIVED,
        "reason": "",
        "detail": "",
        "fetched_at": now,
        "final_url": page.final_url[:2000],
        "http_status": page.http_status,
        "title": page.title[:300],
        "text": page.text,
        "sha256": page.sha256,
        "raw_html": page.raw_html,
        "content_type": page.content_type[:200],
    }
