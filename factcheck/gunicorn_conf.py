"""gunicorn settings for the desk's web processes: `make serve` (gunicorn -c factcheck/gunicorn_conf.py factcheck.wsgi).

The app and the kiwipiepy model load once in the master, before it forks the workers, so every
worker shares one copy of the ~500 MB model and answers its first search at once (see
morphology.preload_before_fork for why and bench/bench_search_workers.py for the figures).

Web processes never extract: uploads are queued for `manage.py db_worker` (FACTCHECK_TASK_BACKEND=database).
With the immediate backend an upload would run Kiwi inside the request, past the worker timeout on a long
article, so gunicorn refuses to start with it.
"""

import os
import sys

from factcheck.extraction import morphology

bind = os.environ.get("FACTCHECK_BIND", "127.0.0.1:8000")
# Sync workers wait on the database, not the CPU: two per core and one more, the usual rule, at most 8.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
preload_app = os.environ.get("FACTCHECK_PRELOAD_APP", "1") != "0"
timeout = int(os.environ.get("FACTCHECK_WEB_TIMEOUT", "30"))
control_socket_disable = True  # gunicorn ≥ 25 would otherwise create ~/.gunicorn/gunicorn.ctl

_json_logs = (
    os.environ.get("FACTCHECK_LOG_FORMAT", "json" if os.environ.get("DJANGO_DEBUG") == "0" else "text") == "json"
)
# With JSON logs, factcheck.request logs each request (with its request id); gunicorn's own lines are JSON too.
accesslog = None if _json_logs else "-"
if _json_logs:
    logconfig_dict = {
        "formatters": {
            "generic": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s %(process)d",
                "rename_fields": {"levelname": "level", "name": "logger"},
                "timestamp": True,
            }
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},  # factcheck.request's job
        },
    }

IMMEDIATE_REFUSED = (
    "gunicorn serves the desk with FACTCHECK_TASK_BACKEND=database only: with the immediate backend each "
    "upload would run claim extraction inside the web request. Set FACTCHECK_TASK_BACKEND=database and run "
    "`make worker` (manage.py db_worker) beside it."
)


def on_starting(server):
    if os.environ.get("FACTCHECK_TASK_BACKEND", "immediate") != "database":
        sys.exit(IMMEDIATE_REFUSED)
    if os.environ.get("FACTCHECK_PRELOAD_KIWI", "1") != "0":
        morphology.preload_before_fork()
