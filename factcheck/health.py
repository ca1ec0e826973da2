"""`/healthz` and `/readyz` for load balancers and process managers: no sign-in, no newsroom data.

Answered by a middleware placed before Django's host check and HTTPS redirect, so a probe that knows the
machine only by its address, over plain HTTP, gets the answer instead of a 400 or a redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

_migrations_applied = False  # once true it stays true for the process: migrations are not un-applied


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def migrations_applied() -> bool:
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connection)
        _migrations_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_applied


def task_counts() -> dict[str, int] | None:
    """The database queue's backlog: what waits, what runs, what failed in the last day (None: no queue)."""
    from django_tasks import task_backends
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    rows = DBTaskResult.objects
    return {
        "ready": rows.ready().count(),
        "running": rows.filter(status=TaskResultStatus.RUNNING).count(),
        "failed_last_day": rows.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=timezone.now() - timedelta(days=1)
        ).count(),
    }


def health() -> tuple[int, dict[str, Any]]:
    if not database_reachable():
        return 503, {"status": "unavailable", "database": "unreachable"}
    try:
        applied = migrations_applied()
        tasks = task_counts()
    except DatabaseError:
        return 503, {"status": "unavailable", "database": "error"}
    body = {
        "status": "ok" if applied else "unavailable",
        "database": "ok",
        "migrations": "applied" if applied else "pending",
        "tasks": tasks,
    }
    return (200 if applied else 503), body


def readiness() -> tuple[int, dict[str, Any]]:
    try:
        ready = database_reachable() and migrations_applied()
    except DatabaseError:
        ready = False
    return (200, {"status": "ready"}) if ready else (503, {"status": "unavailable"})


PROBES: dict[str, Callable[[], tuple[int, dict[str, Any]]]] = {"/healthz": health, "/readyz": readiness}


class HealthProbeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"status": "method_not_allowed"}, status=405, headers={"Allow": "GET, HEAD"})
        status, body = probe()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        if status == 503:
            response["Retry-After"] = "10"
        return response
