"""gunicorn settings for the desk's web processes: `gunicorn -c factcheck/gunicorn_conf.py factcheck.wsgi`.

The app and the kiwipiepy model load once in the master, before it forks the workers, so every
worker shares one copy of the ~500 MB model and answers its first search at once (see
morphology.preload_before_fork for why and bench/bench_search_workers.py for the figures).
"""

import os

from factcheck.extraction import morphology

bind = os.environ.get("FACTCHECK_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = os.environ.get("FACTCHECK_PRELOAD_APP", "1") != "0"
timeout = int(os.environ.get("FACTCHECK_WEB_TIMEOUT", "30"))
control_socket_disable = True  # gunicorn ≥ 25 would otherwise create ~/.gunicorn/gunicorn.ctl
accesslog = "-"


def on_starting(server):
    if os.environ.get("FACTCHECK_PRELOAD_KIWI", "1") != "0":
        morphology.preload_before_fork()
