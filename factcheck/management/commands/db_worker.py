"""`manage.py db_worker`: django-tasks-db's worker, plus the sweep that recovers work a killed worker held.

This app is listed before django_tasks_db in INSTALLED_APPS, so this command replaces the library's.
"""

from __future__ import annotations

import logging
import os
import threading

from django.conf import settings
from django.db import connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from factcheck import extraction as engine
from factcheck.services import extraction

logger = logging.getLogger(__name__)


class Command(DatabaseWorkerCommand):
    help = (
        "Run a database background worker. Every worker also re-queues extractions whose worker was lost "
        "(FACTCHECK_EXTRACTION_SWEEP_SECONDS, FACTCHECK_EXTRACTION_LEASE_SECONDS)."
    )

    def handle(self, *args, **options) -> None:
        reloading_parent = (
            options["reload"] and not options["batch"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        )
        if not reloading_parent:  # the autoreloader's parent only watches files; its child does the work
            # The model before the first task: its first load holds the GIL for seconds, which inside a task
            # would stall that task's lease heartbeat (and the sweep) while the clock runs.
            engine.warm_up()
            sweep_once()  # so that --batch also runs what a dead worker left behind
            threading.Thread(target=sweep_forever, name="extraction-sweep", daemon=True).start()
        super().handle(*args, **options)


def sweep_once() -> None:
    try:
        extraction.requeue_expired_extractions()
    except Exception:  # a database hiccup must not stop the sweeping, nor the worker
        logger.exception("the extraction sweep failed; trying again in %ss", settings.EXTRACTION_SWEEP_SECONDS)
    finally:
        connections.close_all()  # this thread's own connections


def sweep_forever() -> None:
    stop = threading.Event()  # never set: the thread is a daemon and ends with the worker
    while not stop.wait(settings.EXTRACTION_SWEEP_SECONDS):
        sweep_once()
