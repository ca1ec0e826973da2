"""The model loaded before a web server forks: its workers analyse queries, and exit, without hanging."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILDREN_SEARCH = textwrap.dedent(
    """
    import os, sys
    from factcheck.extraction import morphology, terms

    morphology.preload_before_fork()
    pids = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # a web worker: analyse a query with the inherited model, then exit normally
            ok = terms.query_groups("파라미터를")[0].alternatives == (("파라미터",),)
            sys.exit(0 if ok and morphology.is_loaded() else 3)
        pids.append(pid)
    codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    print(codes)
    sys.exit(0 if codes == [0, 0] else 1)
    """
)


def test_forked_workers_share_the_preloaded_model_and_exit_cleanly():
    # A Kiwi thread pool does not survive fork: with one, a child hangs at exit (timeout fails the test).
    done = subprocess.run([sys.executable, "-c", CHILDREN_SEARCH], cwd=REPO, capture_output=True, text=True, timeout=60)

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "[0, 0]"


def test_the_gunicorn_settings_preload_the_app_and_the_model():
    settings = {}
    exec((REPO / "factcheck" / "gunicorn_conf.py").read_text(), settings)  # noqa: S102 - our own config file

    assert settings["preload_app"] is True
    assert callable(settings["on_starting"])
