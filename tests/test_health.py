"""`/healthz`, `/readyz`, request ids and the request log: what the fleet's machinery sees of the desk."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings

from factcheck import health
from factcheck.tasks import extract_claims_task

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[1]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def forget_the_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_healthz_reports_the_database_migrations_and_no_newsroom_data(seed_article) -> None:
    response = Client().get("/healthz")  # no sign-in
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied", "tasks": None}
    assert seed_article.title not in response.content.decode()


@override_settings(TASKS=DATABASE_TASKS)
def test_healthz_counts_the_queue_when_workers_run_it(seed_article) -> None:
    extract_claims_task.enqueue(seed_article.pk)
    extract_claims_task.enqueue(seed_article.pk)
    response = Client().get("/healthz")
    assert response.json()["tasks"] == {"ready": 2, "running": 0, "failed_last_day": 0}


def test_a_probe_by_ip_over_plain_http_gets_an_answer_not_a_400_or_a_redirect(settings) -> None:
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz", "/healthz/"):
        response = Client().get(path, HTTP_HOST="10.0.0.7:8000")
        assert response.status_code == 200, path


def test_an_unreachable_database_is_a_503_with_retry_after(monkeypatch) -> None:
    def refused(self, *args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refused)
    for path, body in (
        ("/healthz", {"status": "unavailable", "database": "unreachable"}),
        ("/readyz", {"status": "unavailable"}),
    ):
        response = Client().get(path)
        assert (response.status_code, response.json(), response["Retry-After"]) == (503, body, "10")


def test_pending_migrations_make_the_host_not_ready(monkeypatch) -> None:
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("factcheck", "0099_next")])
    assert Client().get("/readyz").status_code == 503
    assert Client().get("/healthz").json()["migrations"] == "pending"


def test_probes_only_read() -> None:
    response = Client().post("/healthz")
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_every_answer_carries_a_request_id_and_keeps_the_proxys(editor) -> None:
    given = uuid.uuid4().hex
    assert Client().get("/login/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    made = Client().get("/login/", HTTP_X_REQUEST_ID="evil\nforged log line")["X-Request-ID"]
    assert made != "evil\nforged log line" and uuid.UUID(made)


def test_each_request_is_logged_with_its_status_and_path_but_not_its_query(editor, caplog) -> None:
    client = Client()
    client.force_login(editor)
    with caplog.at_level(logging.INFO, logger="factcheck.request"):
        client.get("/api/claims/", {"search": "미공개 의혹"}, HTTP_X_REQUEST_ID="0f" * 16)
        Client().get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "factcheck.request"]  # probes are not logged
    assert (record.method, record.path, record.status) == ("GET", "/api/claims/", 200)
    assert record.duration_ms >= 0
    assert "의혹" not in record.getMessage()


def test_gunicorn_refuses_the_immediate_backend(monkeypatch) -> None:
    conf: dict = {}
    exec((REPO / "factcheck" / "gunicorn_conf.py").read_text(), conf)  # noqa: S102 - our own config file
    monkeypatch.setenv("FACTCHECK_TASK_BACKEND", "immediate")
    with pytest.raises(SystemExit, match="FACTCHECK_TASK_BACKEND=database"):
        conf["on_starting"](None)
    assert 1 <= conf["workers"] <= 8
