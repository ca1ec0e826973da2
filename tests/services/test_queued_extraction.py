"""Production's upload path: the web process only queues an article's extraction, never touching Kiwi, and a
worker runs even an extraction longer than its lease to `done`, renewing the lease as it goes.

bench/bench_serve_uploads.py measures the same with real gunicorn and db_worker processes (RSS of the web
workers after 100 uploads, a 640,000-character upload ending `done`).
"""

from __future__ import annotations

import time

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from factcheck import extraction as engine
from factcheck import services
from factcheck.extraction import morphology
from factcheck.models import Article, Notification
from factcheck.services import extraction
from factcheck.tasks import extract_claims_task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def no_model(monkeypatch) -> list[str]:
    """This process as a web worker that has not loaded Kiwi; any attempt to build the model is recorded
    (the returned list) and refused."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append("Kiwi")
        raise AssertionError("the web process tried to load the Kiwi model")

    # The adapter is the only module that imports kiwipiepy (tests/extraction/test_engine.py): these two are
    # the only ways to a model.
    monkeypatch.setattr(morphology, "_kiwi", None)
    monkeypatch.setattr(morphology, "_build", refuse)
    monkeypatch.setattr(morphology, "preload_before_fork", refuse)
    return attempts


def _assert_only_queued(article: Article, no_model: list[str]) -> None:
    assert (article.extraction_status, article.claims.count(), article.extraction_attempts) == ("pending", 0, 0)
    task = DBTaskResult.objects.get()
    assert (task.status, task.task_path, task.args_kwargs["args"]) == (
        TaskResultStatus.READY,
        extract_claims_task.module_path,
        [article.pk],
    )
    assert not morphology.is_loaded()
    assert no_model == []


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_an_api_upload_with_the_database_backend_queues_its_extraction_without_loading_kiwi(
    client_as, seed_text, no_model, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as("editor").post("/api/articles/", {"text": seed_text}, format="json")

    assert response.status_code == 201
    data = response.json()
    assert (data["extraction_status"], data["claim_count"], data["claims"]) == ("pending", 0, [])
    _assert_only_queued(Article.objects.get(pk=data["id"]), no_model)


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_a_page_upload_with_the_database_backend_shows_the_article_pending_without_loading_kiwi(
    client, editor, seed_text, no_model, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/articles/new/", {"text": seed_text}, follow=True)

    assert response.status_code == 200
    article = Article.objects.get()
    assert response.redirect_chain == [(article.get_absolute_url(), 302)]
    page = response.content.decode()
    # The page says extraction is under way (and polls for it), with no claims yet.
    assert "data-extraction-status" in page and "아직 추출된 주장이 없습니다." in page
    _assert_only_queued(article, no_model)


LEASE_SECONDS = 2  # a heartbeat every 2/3 s


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS, EXTRACTION_LEASE_SECONDS=LEASE_SECONDS)
def test_an_extraction_that_outlasts_its_lease_keeps_it_and_ends_done(editor, seed_text, monkeypatch):
    article = services.upload_article(user=editor, text=seed_text)  # committed: the task is queued
    real_extract = engine.extract
    beats, sweeps = set(), []

    def slow_extract(text, **kwargs):
        # Kiwi on a long article (a 640,000-character one runs 18-30 s in a db_worker on 2 cores): here the
        # run lasts two whole leases, while another worker's sweep looks for silent runs, then extracts.
        started = Article.objects.get(pk=article.pk).extraction_started_at
        deadline = time.monotonic() + 60  # a bound, not a timing: the assertions below say what went wrong
        while time.monotonic() < deadline:
            held_for = (timezone.now() - started).total_seconds()
            if len(beats) >= 3 and held_for > 2 * LEASE_SECONDS:
                break
            time.sleep(0.1)
            sweeps.append(extraction.requeue_expired_extractions())
            beats.add(Article.objects.get(pk=article.pk).extraction_heartbeat_at)
        return real_extract(text, **kwargs)

    monkeypatch.setattr(engine, "extract", slow_extract)
    # The library's worker loop, as `manage.py db_worker` runs it; --batch: it stops once the queue is empty.
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="long-run",
        excluded_queue_names=[],
    ).run()

    done = Article.objects.get(pk=article.pk)
    assert (done.extraction_status, done.extraction_error, done.extraction_attempts) == ("done", "", 1)
    assert len(beats) >= 3  # the first stamp and at least two renewals
    assert (done.extraction_heartbeat_at - done.extraction_started_at).total_seconds() > LEASE_SECONDS
    assert [s for s in sweeps if s.requeued or s.failed] == []  # never taken for a dead run
    claims = done.claims.count()
    assert claims == len(engine.claim_units(real_extract(done.body))) > 10
    task = DBTaskResult.objects.get()  # one run, no re-queued second task
    assert (task.status, task.worker_ids) == (TaskResultStatus.SUCCESSFUL, ["long-run"])
    notice = Notification.objects.get(recipient=editor)
    assert (notice.kind, notice.article_id, notice.claim_count) == (Notification.Kind.EXTRACTION_DONE, done.pk, claims)
