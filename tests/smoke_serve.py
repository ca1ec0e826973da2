"""Smoke test of the production web process, run by .ci/run: `make serve` on a throwaway SQLite desk.

Checks what only a real gunicorn shows: it refuses the immediate task backend, /readyz is 503 before the
migrations and 200 after, /healthz reports them, static files come from WhiteNoise compressed and with
content-hashed, immutable names, answers carry a request id, and the log lines are JSON.

Run: .venv/bin/python tests/smoke_serve.py
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests import serving  # noqa: E402 - run as a script, with the repository put on sys.path just above


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own loopback server
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def check(condition: bool, what: str) -> None:
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        raise SystemExit(1)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = serving.free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/smoke.sqlite3",
            "DJANGO_SECRET_KEY": secrets.token_hex(32),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; a TLS proxy does this in production
            "FACTCHECK_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
            "FACTCHECK_PRELOAD_KIWI": "0",  # the model is not what this checks
        }
        env.pop("FACTCHECK_TASK_BACKEND", None)

        make_serve = ["make", "--no-print-directory", "serve"]
        refused = subprocess.run(
            make_serve,
            cwd=REPO,
            env={**env, "FACTCHECK_TASK_BACKEND": "immediate"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        check(
            refused.returncode != 0 and "FACTCHECK_TASK_BACKEND=database" in refused.stderr,
            "gunicorn refuses the immediate task backend",
        )

        log = Path(tmp) / "serve.log"
        # Any answer will do: /readyz is 503 until the migrations below.
        with serving.serving(make_serve, env=env, port=port, log_path=log, ready_statuses=None, timeout=90):
            status, _, body = get(f"{base}/readyz")
            check(status == 503 and json.loads(body) == {"status": "unavailable"}, "/readyz is 503 before migrate")

            migrate = [".venv/bin/python", "manage.py", "migrate", "--no-input", "-v0"]
            subprocess.run(migrate, cwd=REPO, env={**env, "DJANGO_DEBUG": "0"}, check=True)
            status, _, body = get(f"{base}/readyz")
            check(status == 200, "/readyz is 200 after migrate")
            status, _, body = get(f"{base}/healthz", Host="10.1.2.3")
            health = json.loads(body)
            check(
                status == 200 and health["migrations"] == "applied" and health["tasks"]["ready"] == 0,
                f"/healthz by IP: {health}",
            )

            request_id = secrets.token_hex(16)
            status, headers, page = get(f"{base}/login/", **{"X-Request-ID": request_id})
            check(status == 200 and headers.get("X-Request-ID") == request_id, "the sign-in page keeps the request id")
            css = re.search(rb'href="(/static/factcheck/desk\.[0-9a-f]{12}\.css)"', page)
            check(css is not None, "the page links a content-hashed stylesheet")
            status, headers, _ = get(base + css.group(1).decode(), **{"Accept-Encoding": "gzip"})
            check(
                status == 200
                and headers.get("Content-Encoding") == "gzip"
                and "immutable" in headers.get("Cache-Control", ""),
                f"WhiteNoise serves it compressed and immutable ({headers.get('Cache-Control')})",
            )
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        logged = [line for line in lines if line.get("logger") == "factcheck.request" and line["path"] == "/login/"]
        check(bool(logged) and logged[0]["request_id"] == request_id, "the request log is JSON with the request id")


if __name__ == "__main__":
    main()
