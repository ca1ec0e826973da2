"""The extraction lease: one run per queued article, silent runs re-queued, lost runs write nothing."""

from __future__ import annotations

import socket
import time
from datetime import timedelta

import pytest
from django.core.management import get_commands
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck import extraction as engine
from factcheck.models import Article, Notification
from factcheck.services import extraction
from factcheck.tasks import extract_batch_task, extract_claims_task

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _set(article: Article, **fields) -> None:
    Article.objects.filter(pk=article.pk).update(**fields)
    article.refresh_from_db()


def _silent_run(article: Article, *, attempts: int = 1, silent_for: timedelta = timedelta(minutes=10)) -> None:
    """What a worker killed mid-run leaves behind: running, an old heartbeat, an owner that is gone."""
    then = timezone.now() - silent_for
    _set(
        article,
        extraction_status="running",
        extraction_owner="lost-host:4242:deadbeef",
        extraction_attempts=attempts,
        extraction_started_at=then,
        extraction_heartbeat_at=then,
        updated_at=then,
    )


def test_factcheck_provides_the_db_worker_command() -> None:
    assert get_commands()["db_worker"] == "factcheck"


def test_a_queued_task_takes_the_lease_and_extracts(seed_article) -> None:
    claims = seed_article.claims.count()
    _set(seed_article, extraction_status="pending", extraction_attempts=0)

    article = extraction.run_queued_extraction(seed_article.pk)

    assert article.extraction_status == "done"
    assert article.extraction_attempts == 1
    assert article.extraction_owner.startswith(socket.gethostname()[:60] + ":")
    assert article.extraction_started_at is not None and article.extraction_heartbeat_at is not None
    assert article.claims.count() == claims


def test_a_second_task_for_the_same_article_does_nothing(seed_article, monkeypatch) -> None:
    _set(seed_article, extraction_status="pending", extraction_attempts=0)
    extraction.run_queued_extraction(seed_article.pk)
    seed_article.refresh_from_db()

    def must_not_run(*args, **kwargs):
        raise AssertionError("a duplicate task ran the extractor")

    monkeypatch.setattr(engine, "extract", must_not_run)
    assert extraction.run_queued_extraction(seed_article.pk) is None
    after = Article.objects.get(pk=seed_article.pk)
    assert (after.extraction_status, after.extraction_attempts, after.extracted_at) == (
        "done",
        1,
        seed_article.extracted_at,
    )
    assert extraction.run_queued_extraction(999_999) is None  # a task whose article was deleted


def test_requests_collapse_while_a_run_is_queued_or_alive(seed_article, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as first:
        extraction.request_extraction(user=editor, article=seed_article)
    with django_capture_on_commit_callbacks() as again:
        extraction.request_extraction(user=editor, article=seed_article)
    assert (len(first), len(again)) == (1, 0)

    _set(seed_article, extraction_status="running", extraction_heartbeat_at=timezone.now())
    with django_capture_on_commit_callbacks() as while_alive:
        article = extraction.request_extraction(user=editor, article=seed_article)
    assert len(while_alive) == 0
    assert article.extraction_status == "running"

    _silent_run(seed_article, attempts=2)
    with django_capture_on_commit_callbacks() as after_silence:
        article = extraction.request_extraction(user=editor, article=seed_article)
    assert len(after_silence) == 1
    assert (article.extraction_status, article.extraction_attempts, article.extraction_owner) == ("pending", 0, "")


def test_the_sweep_requeues_a_silent_run_and_the_task_finishes_it(
    seed_article, editor, django_capture_on_commit_callbacks
):
    claims = seed_article.claims.count()
    seed_article.claims.all().delete()
    _silent_run(seed_article)
    alive = Article.objects.create(title="진행 중", body="정부는 예산 1000억원을 배정했다.", content_hash="alive")
    _set(alive, extraction_status="running", extraction_heartbeat_at=timezone.now() - timedelta(seconds=30))

    with django_capture_on_commit_callbacks(execute=True) as queued:
        result = extraction.requeue_expired_extractions()

    assert (result.requeued, result.failed, len(queued)) == ([seed_article.pk], [], 1)
    seed_article.refresh_from_db()
    assert (seed_article.extraction_status, seed_article.extraction_attempts) == ("done", 2)
    assert seed_article.claims.count() == claims
    assert Article.objects.get(pk=alive.pk).extraction_status == "running"  # its lease has not run out


def test_a_run_silent_for_the_last_allowed_attempt_fails_the_article_with_the_reason(
    seed_article, editor, django_capture_on_commit_callbacks
):
    _silent_run(seed_article, attempts=3)
    with override_settings(EXTRACTION_MAX_ATTEMPTS=3), django_capture_on_commit_callbacks() as queued:
        result = extraction.requeue_expired_extractions()

    assert (result.requeued, result.failed, len(queued)) == ([], [seed_article.pk], 0)  # no task queued
    seed_article.refresh_from_db()
    assert seed_article.extraction_status == "failed"
    assert seed_article.extraction_error.startswith("WorkerLost: ")
    assert "3" in seed_article.extraction_error and "추출" in seed_article.extraction_error
    notice = Notification.objects.get(recipient=editor, kind=Notification.Kind.EXTRACTION_FAILED)
    assert notice.article_id == seed_article.pk and notice.note == seed_article.extraction_error


def test_a_run_that_lost_its_lease_writes_nothing(seed_article, editor, monkeypatch) -> None:
    claims = sorted(seed_article.claims.values_list("pk", flat=True))
    notices = Notification.objects.count()
    real_extract = engine.extract

    def extract_while_the_sweep_requeues(text, **kwargs):
        sentences = real_extract(text, **kwargs)
        # Meanwhile this run was thought dead and its article given back to the queue.
        Article.objects.filter(pk=seed_article.pk).update(extraction_status="pending", extraction_owner="")
        return sentences[:3]

    monkeypatch.setattr(engine, "extract", extract_while_the_sweep_requeues)
    article = extraction.extract_article_claims(article_id=seed_article.pk)

    assert (article.extraction_status, article.extraction_error) == ("pending", "")
    assert sorted(article.claims.values_list("pk", flat=True)) == claims
    assert Notification.objects.count() == notices


def test_a_failure_of_a_run_that_lost_its_lease_is_not_recorded(seed_article, monkeypatch) -> None:
    def fail_after_being_superseded(text, **kwargs):
        Article.objects.filter(pk=seed_article.pk).update(extraction_owner="newer-run")
        raise RuntimeError("out of memory")

    monkeypatch.setattr(engine, "extract", fail_after_being_superseded)
    article = extraction.extract_article_claims(article_id=seed_article.pk)
    assert (article.extraction_status, article.extraction_error) == ("running", "")


@override_settings(TASKS=DATABASE_TASKS)
def test_the_sweep_closes_the_lost_runs_queue_row(seed_article, django_capture_on_commit_callbacks) -> None:
    lost = DBTaskResult.objects.get(id=extract_claims_task.enqueue(seed_article.pk).id)
    lost.claim("killed-worker")
    other = DBTaskResult.objects.get(id=extract_claims_task.enqueue(seed_article.pk + 1).id)
    other.claim("busy-worker")
    _silent_run(seed_article)

    with django_capture_on_commit_callbacks(execute=True):
        extraction.requeue_expired_extractions()

    lost.refresh_from_db()
    other.refresh_from_db()
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "factcheck.services.extraction.WorkerLost"
    assert other.status == TaskResultStatus.RUNNING  # another article's run is not ours to close
    fresh = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=extract_claims_task.module_path)
    assert [row.args_kwargs["args"] for row in fresh] == [[seed_article.pk]]


@override_settings(TASKS=DATABASE_TASKS)
def test_the_sweep_closes_a_lost_batch_row_but_not_a_live_one(
    seed_article, editor, django_capture_on_commit_callbacks
) -> None:
    """A bulk import's batch task whose worker died: its articles go back to the queue one by one, and the
    batch's row is closed; a batch whose articles are still being extracted is left running."""

    def article(n: int) -> Article:
        return Article.objects.create(title=f"기사 {n}", body=f"본문 {n}", content_hash=f"hash-{n}", uploaded_by=editor)

    other, alive = article(1), article(2)
    lost = DBTaskResult.objects.get(id=extract_batch_task.enqueue([seed_article.pk, other.pk]).id)
    lost.claim("killed-worker")
    busy = DBTaskResult.objects.get(id=extract_batch_task.enqueue([alive.pk]).id)
    busy.claim("busy-worker")
    _silent_run(seed_article)
    _silent_run(other)
    _silent_run(alive, silent_for=timedelta(seconds=1))  # its heartbeat is fresh: a live run

    with django_capture_on_commit_callbacks(execute=True):
        swept = extraction.requeue_expired_extractions()

    lost.refresh_from_db()
    busy.refresh_from_db()
    assert sorted(swept.requeued) == sorted([seed_article.pk, other.pk])
    assert lost.status == TaskResultStatus.FAILED
    assert lost.exception_class_path == "factcheck.services.extraction.WorkerLost"
    assert busy.status == TaskResultStatus.RUNNING
    fresh = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=extract_claims_task.module_path)
    assert sorted(row.args_kwargs["args"][0] for row in fresh) == sorted([seed_article.pk, other.pk])


@pytest.mark.django_db(transaction=True)
def test_a_long_run_keeps_renewing_its_lease(seed_article, monkeypatch, settings) -> None:
    settings.EXTRACTION_LEASE_SECONDS = 3  # a heartbeat every second
    real_extract = engine.extract
    beats = []

    def slow_extract(text, **kwargs):
        started = Article.objects.get(pk=seed_article.pk).extraction_heartbeat_at
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:  # wait for a renewal, as a long Kiwi run would
            time.sleep(0.2)
            now = Article.objects.get(pk=seed_article.pk).extraction_heartbeat_at
            if now > started:
                beats.append(now)
                break
        return real_extract(text, **kwargs)

    monkeypatch.setattr(engine, "extract", slow_extract)
    article = extraction.extract_article_claims(article_id=seed_article.pk)

    assert article.extraction_status == "done"
    assert beats and beats[0] > article.extraction_started_at


@override_settings(TASKS=DATABASE_TASKS)
def test_a_worker_loads_the_model_before_it_takes_a_task(monkeypatch) -> None:
    """The model's first load holds the GIL for seconds: inside a task it would stall the lease heartbeat."""
    from django.core.management import call_command
    from django_tasks_db.management.commands.db_worker import Command as LibraryWorker

    from factcheck.management.commands import db_worker

    steps: list[str] = []
    monkeypatch.setattr(db_worker.engine, "warm_up", lambda: steps.append("model"))
    monkeypatch.setattr(db_worker, "sweep_once", lambda: steps.append("sweep"))
    monkeypatch.setattr(db_worker.threading.Thread, "start", lambda thread: steps.append(thread.name))
    monkeypatch.setattr(LibraryWorker, "handle", lambda command, *args, **options: steps.append("tasks"))

    call_command("db_worker", "--no-reload", "--batch")

    assert steps == ["model", "sweep", "extraction-sweep", "tasks"]
