"""A real db_worker killed with SIGKILL mid-extraction: a second worker picks the article up and finishes it.

PostgreSQL only (production's setup: workers on other machines sharing the database); each worker is a
`manage.py db_worker --no-reload` process, as in production, with a short lease so the test takes seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck import ingest
from factcheck.models import Article
from factcheck.tasks import extract_claims_task

REPO = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 6
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fleet's setup: workers sharing PostgreSQL"),
]


def start_worker() -> subprocess.Popen:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    environ = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FACTCHECK_TASK_BACKEND": "database",
        "FACTCHECK_EXTRACTION_LEASE_SECONDS": str(LEASE_SECONDS),
        "FACTCHECK_EXTRACTION_SWEEP_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=REPO,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"waited {timeout:.0f} s for {what}")


def test_a_second_worker_finishes_what_a_killed_worker_left(seed_text) -> None:
    # Long enough (about 150,000 characters) that Kiwi is still working when the worker is killed.
    body = "\n\n".join(f"({i}) {seed_text}" for i in range(150_000 // len(seed_text)))
    article = Article.objects.create(title="긴 기사", body=body, content_hash=ingest.content_hash(body))
    with override_settings(TASKS=DATABASE_TASKS):
        first_task = extract_claims_task.enqueue(article.pk).id

    workers = [start_worker()]
    try:
        wait_for(
            lambda: Article.objects.get(pk=article.pk).extraction_status == "running",
            timeout=60,
            what="the first worker to start the extraction",
        )
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        killed_at = time.monotonic()

        left = Article.objects.get(pk=article.pk)
        assert (left.extraction_status, left.claims.count(), left.extraction_attempts) == ("running", 0, 1)
        assert DBTaskResult.objects.get(id=first_task).status == TaskResultStatus.RUNNING

        workers.append(start_worker())
        done = wait_for(
            lambda: Article.objects.filter(pk=article.pk, extraction_status__in=["done", "failed"]).first(),
            timeout=120,
            what="the second worker to finish the article",
        )
        finished_after = time.monotonic() - killed_at
        wait_for(  # the worker marks its task row after the claims commit
            lambda: (
                not DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
                .exclude(id=first_task)
                .exists()
            ),
            timeout=30,
            what="the second worker to close its task",
        )
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)

    assert (done.extraction_status, done.extraction_error, done.extraction_attempts) == ("done", "", 2)
    assert done.extraction_owner != left.extraction_owner
    assert done.claims.count() > 100
    assert finished_after > LEASE_SECONDS  # re-queued only once the killed run's lease had run out
    lost = DBTaskResult.objects.get(id=first_task)
    assert (lost.status, lost.exception_class_path) == (
        TaskResultStatus.FAILED,
        "factcheck.services.extraction.WorkerLost",
    )
    rerun = DBTaskResult.objects.exclude(id=first_task).get(task_path=extract_claims_task.module_path)
    assert (rerun.status, rerun.args_kwargs["args"]) == (TaskResultStatus.SUCCESSFUL, [article.pk])
    print(f"killed worker's article finished by the second worker {finished_after:.1f} s after the kill")


def test_two_workers_never_extract_the_same_article_twice(seed_text) -> None:
    articles = [
        Article.objects.create(title=f"기사 {i}", body=f"({i}) {seed_text}", content_hash=ingest.content_hash(f"{i}"))
        for i in range(6)
    ]
    with override_settings(TASKS=DATABASE_TASKS):
        for article in articles * 2:  # every article queued twice, as two quick re-run requests would
            extract_claims_task.enqueue(article.pk)

    workers = [start_worker(), start_worker()]
    try:
        wait_for(
            lambda: not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists(),
            timeout=120,
            what="the two workers to run all 12 tasks",
        )
    finally:
        for worker in workers:
            worker.kill()
            worker.wait(timeout=10)

    done = Article.objects.filter(pk__in=[a.pk for a in articles])
    assert sorted(done.values_list("extraction_status", "extraction_attempts")) == [("done", 1)] * 6
    assert all(article.claims.count() > 10 for article in done)
    ran = DBTaskResult.objects.values_list("worker_ids", flat=True)
    print(f"tasks per worker: {sorted(Counter(w for ids in ran for w in ids).values())}")
