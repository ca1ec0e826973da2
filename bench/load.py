"""Throughput of the claim list under load, against a trivial JSON view of the same gunicorn in the same run.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/load.py
     [--database NAME] [--rounds 3] [--concurrency 4] [--duration 10] [--requests 2000] [--tool auto]

Serves the scale database that bench/scale.py generated (`<DATABASE_URL's name>_scale` unless
`--database` names it) with gunicorn as production runs it (factcheck/gunicorn_conf.py, DJANGO_DEBUG=0,
the database task backend, WEB_CONCURRENCY=2 sync workers, the model not preloaded: the list does not
search), on a free port of 127.0.0.1. A reviewer's read token comes from `POST /api/auth/token/`.
Then, alternating, several rounds of `GET /api/claims/?page_size=50` with that token and of `/healthz`
(answered by a middleware: a database round trip and the task queue's counts, no view, no template):
requests/s, p50/p95 latency and errors of each, and the ratio of the medians (issue 12's target: ≥ 0.3).

The load comes from wrk (Debian's `apt-get install wrk`) when it is installed: a fixed duration and
number of connections. Without it, a Python generator (threads, keep-alive http.client connections)
sends a fixed number of requests at a fixed concurrency. Both talk to 127.0.0.1 only and stop by
themselves; the server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import serving  # noqa: E402 - run as a script, with the repository put on sys.path just above

HOST = serving.HOST
CLAIMS = "/api/claims/?page_size=50"
TRIVIAL = "/healthz"
USERNAME = "bench-reviewer0"
ENVIRONMENT = dict(os.environ)

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "status_errors": %d, "socket_errors": %d, "p50_us": %d, "p95_us": %d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


@dataclass
class Run:
    path: str
    requests: int
    seconds: float
    errors: int
    p50_ms: float
    p95_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def prepare_user(url: str) -> str:
    """A fresh password for the benchmark's reviewer in the scale database (generated with none)."""
    from bench import scale

    scale.setup_django(url)
    from django.contrib.auth.models import User

    from factcheck.models import Claim

    if not Claim.objects.exists():
        sys.exit("the scale database has no claims: run bench/scale.py first")
    password = secrets.token_urlsafe(16)
    user = User.objects.get(username=USERNAME)
    user.set_password(password)
    user.save(update_fields=["password"])
    return password


def start_server(url: str, port: int, workers: int, log: Path) -> serving.Server:
    env = dict(
        ENVIRONMENT,  # as this process was started: not the test-client settings prepare_user configured
        FACTCHECK_LOG_FORMAT="json",  # make serve's: one JSON line per request, on gunicorn's log
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="load-bench-" + secrets.token_hex(16),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        FACTCHECK_TASK_BACKEND="database",
        FACTCHECK_PRELOAD_KIWI="0",
        WEB_CONCURRENCY=str(workers),
        # One token sends every request: the per-user rate limit would answer 429 after 1,200 a minute.
        FACTCHECK_API_USER_RATE="10000000/minute",
    )
    server = serving.start_server(serving.gunicorn_command(), env=env, port=port, log_path=log)
    try:
        server.wait_until_answering("/readyz", timeout=60)
    except serving.ServerFailed as failed:
        server.stop(20)
        sys.exit(str(failed))
    return server


def request(method: str, path: str, port: int, body: dict | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        all_headers = {"Content-Type": "application/json", **(headers or {})} if payload else dict(headers or {})
        conn.request(method, path, body=payload, headers=all_headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def get_token(port: int, password: str) -> str:
    status, body = request(
        "POST", "/api/auth/token/", port, {"username": USERNAME, "password": password, "name": "load bench"}
    )
    if status != 200 and status != 201:
        sys.exit(f"POST /api/auth/token/ answered {status}: {body[:300]!r}")
    return json.loads(body)["token"]


def run_wrk(path: str, port: int, headers: dict, concurrency: int, duration: int, script: Path) -> Run:
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{duration}s", "--timeout", "30s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*command, f"http://{HOST}:{port}{path}"], capture_output=True, text=True, timeout=duration + 60, check=True
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    return Run(
        path,
        report["requests"],
        report["duration_us"] / 1e6,
        report["status_errors"] + report["socket_errors"],
        report["p50_us"] / 1000,
        report["p95_us"] / 1000,
    )


def run_python(path: str, port: int, headers: dict, concurrency: int, total: int, deadline_s: float) -> Run:
    """`total` requests over `concurrency` keep-alive connections (gunicorn's sync workers close each one:
    http.client reconnects), stopping at the deadline in any case."""
    lock = threading.Lock()
    sent = [0]
    latencies: list[float] = []
    errors = [0]
    stop_at = time.monotonic() + deadline_s

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            with lock:
                if sent[0] >= total:
                    break
                sent[0] += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                ok = False
            mine.append(time.perf_counter() - started)
            if not ok:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[round(0.95 * (len(latencies) - 1))] if latencies else 0.0
    return Run(path, len(latencies), seconds, errors[0], statistics.median(latencies) * 1000, p95 * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="default: DATABASE_URL's name + _scale (made by bench/scale.py)")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the two paths")
    parser.add_argument("--concurrency", type=int, default=4, help="connections at once")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (wrk)")
    parser.add_argument("--requests", type=int, default=2000, help="requests per run (Python generator)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--tool", choices=["auto", "wrk", "python"], default="auto")
    args = parser.parse_args()
    from bench import scale

    url, name = scale.scale_database(os.environ.get("DATABASE_URL"), args.database)
    tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "python")
    if tool == "wrk" and not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk), or use --tool python")
    password = prepare_user(url)
    port = serving.free_port()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "gunicorn.log"
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_REPORT)
        server = start_server(url, port, args.workers, log)
        try:
            token = get_token(port, password)
            auth = {"Authorization": f"Token {token}"}
            for path, headers in ((CLAIMS, auth), (TRIVIAL, {})):  # warm both workers' caches and plans
                for _ in range(4 * args.workers):
                    status, body = request("GET", path, port, headers=headers)
                    if status != 200:
                        sys.exit(f"GET {path} answered {status}: {body[:300]!r}")
            print(
                f"{name}: gunicorn, {args.workers} sync workers, DJANGO_DEBUG=0; load by {tool}, "
                f"{args.concurrency} connections, "
                + (f"{args.duration} s a run" if tool == "wrk" else f"{args.requests} requests a run")
                + "\n"
            )
            print("| round | path | requests/s | p50 ms | p95 ms | requests | errors |")
            print("|---|---|---:|---:|---:|---:|---:|")
            runs: dict[str, list[Run]] = {CLAIMS: [], TRIVIAL: []}
            for round_ in range(1, args.rounds + 1):
                order = (TRIVIAL, CLAIMS) if round_ % 2 else (CLAIMS, TRIVIAL)
                for path in order:
                    headers = auth if path == CLAIMS else {}
                    if tool == "wrk":
                        run = run_wrk(path, port, headers, args.concurrency, args.duration, script)
                    else:
                        run = run_python(path, port, headers, args.concurrency, args.requests, deadline_s=300)
                    runs[path].append(run)
                    print(
                        f"| {round_} | `{path}` | {run.rate:.1f} | {run.p50_ms:.1f} | {run.p95_ms:.1f} | "
                        f"{run.requests} | {run.errors} |",
                        flush=True,
                    )
        finally:
            server.stop(20)
    claims = statistics.median(r.rate for r in runs[CLAIMS])
    trivial = statistics.median(r.rate for r in runs[TRIVIAL])
    errors = sum(r.errors for rs in runs.values() for r in rs)
    print(
        f"\nmedian requests/s: claims {claims:.1f}, {TRIVIAL} {trivial:.1f}; ratio {claims / trivial:.2f} "
        f"(target ≥ 0.30); {errors} errors"
    )


if __name__ == "__main__":
    main()
