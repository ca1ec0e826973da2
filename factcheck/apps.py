"""The desk's app config; `ready()` warms the language model in the background under runserver."""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Mapping, Sequence

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from factcheck.env import envbool

logger = logging.getLogger(__name__)

WARM_MODEL_ENV = "FACTCHECK_WARM_MODEL"  # on unless 0/false/no/off (a laptop short of memory, say)
WARM_THREAD_NAME = "factcheck-warm-model"


def serves_runserver(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this process answers runserver's requests.

    Not the autoreloader's parent (it only watches files; its serving child has RUN_MAIN=true), and
    never tests, migrations or other commands. gunicorn loads the model itself, once in its master
    before forking (factcheck/gunicorn_conf.py): a thread started here would not survive the fork.
    """
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def start_model_warm_up(
    argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None
) -> threading.Thread | None:
    """Load kiwipiepy in a background thread when this process is runserver's server; the thread, or None.

    Otherwise the first upload (extraction runs in the request with the immediate task backend) or the
    first search waits for the model in silence. A request that needs the model before the thread is done
    waits on the loader's lock and shares the one model: it is never built twice.
    """
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    if not serves_runserver(argv, environ) or not envbool(WARM_MODEL_ENV, True, environ):
        return None
    thread = threading.Thread(target=_warm_model, name=WARM_THREAD_NAME, daemon=True)
    thread.start()
    return thread


def _warm_model() -> None:
    from factcheck import extraction  # the engine imports no Django; kiwipiepy itself loads only in warm_up

    try:
        extraction.warm_up()
    except Exception:  # the first request will then load it and report the error where someone sees it
        logger.exception("could not load the kiwipiepy model in the background")
    else:
        logger.info("kiwipiepy model loaded")


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-check desk")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from factcheck import signals  # noqa: F401  (connects the receivers)

        start_model_warm_up()
