"""Fuzz the live API with schemathesis: every operation, every check, a write token and a read token.

Run: .venv/bin/python tests/fuzz/run_schemathesis.py [--max-examples 15] [--seed 20251] [--workers 2]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk .venv/bin/python tests/fuzz/run_schemathesis.py

What it does, on a throwaway desk it builds and removes itself:

1. A fresh database: a SQLite file in a temporary folder, or — when DATABASE_URL names PostgreSQL — a
   database named `<name>_fuzz` beside the one DATABASE_URL names (dropped first if a killed run left
   it, dropped again at the end; the named database itself is never touched).
2. `migrate`, `demo` (the accounts and the seed article `make run` loads, extracted in-process), then a
   `write` token for demo-admin (staff: every step is allowed, so write operations reach their 2xx
   answers) and a `read` token for demo-reviewer (whose writes answer 403 `token_read_only`, documented).
3. gunicorn with factcheck/gunicorn_conf.py (the production server, its preloaded model, the `database`
   task backend it requires; no worker runs, so the fuzzer's uploads stay pending) on a free loopback
   port. The environment raises the throttles out of the way: the fuzzer sends hundreds of requests a
   minute from one address and, to POST /api/auth/token/, wrong passwords by the dozen, and at the usual
   limits most answers would be 429s that test nothing — FACTCHECK_API_USER_RATE, _ANON_RATE and
   _TOKEN_RATE = 1000000/minute, FACTCHECK_LOGIN_FAILURE_LIMIT = 1000000 (the throttles and the lockout
   have their own tests in tests/security/). FACTCHECK_ARCHIVE_SOURCES=0: no source page is fetched.
4. `schemathesis run <url>/api/schema/ --checks all` twice, once per token (two runs rather than one run
   with per-operation auth: each identity then meets every operation, and a failure names its token),
   with a fixed seed and number of examples per operation, `--workers 2`, and --max-time seconds each.
   tests/fuzz/schemathesis.toml holds what answers the tool's own limits, each with its reason.
5. A summary per run and in total: operations tested, requests sent, failed checks. Exit 1 on any
   failure, on fewer than --min-requests requests, or on an operation a run never reached.

The JUnit and NDJSON reports of each run are left in --report-dir (default: a temporary folder, printed).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests import serving  # noqa: E402 - run as a script, with the repository put on sys.path just above

PYTHON = sys.executable
SCHEMATHESIS = str(Path(PYTHON).with_name("schemathesis"))
CONFIG = Path(__file__).resolve().with_name("schemathesis.toml")
HTTP_METHODS = {"GET", "PUT", "POST", "PATCH", "DELETE"}
UNLIMITED = "1000000/minute"
# The environment of every step: the throttles out of the way (see the docstring), quiet logs.
FUZZ_ENV = {
    "FACTCHECK_API_USER_RATE": UNLIMITED,
    "FACTCHECK_API_ANON_RATE": UNLIMITED,
    "FACTCHECK_API_TOKEN_RATE": UNLIMITED,
    "FACTCHECK_LOGIN_FAILURE_LIMIT": "1000000",
    # A recorded source's page is fetched after the verdict (evidence snapshots): never the fuzzer's URLs.
    "FACTCHECK_ARCHIVE_SOURCES": "0",
    "FACTCHECK_CROSS_CHECK": "required",
    "DJANGO_LOG_LEVEL": "WARNING",
    "WEB_CONCURRENCY": "2",
}
TOKENS_SCRIPT = """
from django.contrib.auth import get_user_model
from factcheck import services
users = get_user_model().objects
write = services.issue_token(user=users.get(username="demo-admin"), name="fuzz write", scope="write")
read = services.issue_token(user=users.get(username="demo-reviewer"), name="fuzz read", scope="read")
print(write.key, read.key)
"""


@contextlib.contextmanager
def fresh_database(environ: dict[str, str]) -> Iterator[str]:
    """Yield the DATABASE_URL of an empty database made for this run; remove it afterwards."""
    base = environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        with tempfile.TemporaryDirectory(prefix="fuzz-db-") as tmp:
            yield f"sqlite:///{tmp}/fuzz.sqlite3"
        return

    import psycopg

    parts = urllib.parse.urlsplit(base)
    name = (parts.path.lstrip("/") or "postgres") + "_fuzz"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    drop()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path="/" + name))
    finally:
        drop()


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


@contextlib.contextmanager
def live_server(env: dict[str, str], port: int, log_path: Path) -> Iterator[str]:
    """gunicorn serving the desk on 127.0.0.1:port until the block ends."""
    with serving.serving(
        serving.gunicorn_command("--access-logfile", "-"),
        env=env,
        port=port,
        log_path=log_path,
        ready_path="/api/schema/",
        timeout=120,  # the master loads the Kiwi model before it answers
    ) as server:
        yield server.url


def fuzz(url: str, token: str, label: str, args: argparse.Namespace, report_dir: Path) -> dict:
    """One schemathesis run with `token`; what it tested and found, read from its NDJSON events."""
    ndjson = report_dir / f"{label}.ndjson"
    command = [
        SCHEMATHESIS,
        "--config-file",
        str(CONFIG),
        "run",
        f"{url}/api/schema/",
        "--checks",
        "all",
        "--header",
        f"Authorization: Token {token}",
        "--max-examples",
        str(args.max_examples),
        "--seed",
        str(args.seed),
        "--workers",
        str(args.workers),
        "--request-timeout",
        "30",
        "--no-color",
        "--generation-database",
        "none",
        "--report",
        "junit,ndjson",
        "--report-junit-path",
        str(report_dir / f"{label}.junit.xml"),
        "--report-ndjson-path",
        str(ndjson),
    ]
    print(f"\n== schemathesis, {label} token ==", flush=True)
    # In the report folder: schemathesis keeps a crash cache in ./.schemathesis, which must not land in the repo.
    try:
        done = subprocess.run(command, cwd=report_dir, timeout=args.max_time)
    except subprocess.TimeoutExpired:
        print(f"FAILED: the {label} run took longer than --max-time {args.max_time} s", flush=True)
        return {"label": label, "exit": "timeout", **count_events(ndjson)}
    return {"label": label, "exit": done.returncode, **count_events(ndjson)}


def count_events(ndjson: Path) -> dict:
    """Operations, requests and failures of a run, from schemathesis's NDJSON event stream."""
    operations: set[str] = set()
    requests = failures = errors = 0
    if not ndjson.exists():
        return {"operations": operations, "requests": 0, "failures": 0, "errors": 1}
    for line in ndjson.read_text().splitlines():
        event = json.loads(line)
        (kind, body), *_ = event.items()
        if kind == "ScenarioFinished":
            recorder = body.get("recorder") or {}
            label = recorder.get("label") or ""
            if label.split(" ", 1)[0] in HTTP_METHODS:  # not "Stateful tests", whose steps span operations
                operations.add(label)
            requests += sum(1 for item in (recorder.get("interactions") or {}).values() if item.get("response"))
            for checks in (recorder.get("checks") or {}).values():
                failures += sum(1 for check in checks if str(check.get("status")).lower() == "failure")
        elif kind == "NonFatalError":
            errors += 1
    return {"operations": operations, "requests": requests, "failures": failures, "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=15, help="test cases per operation and phase")
    parser.add_argument("--seed", type=int, default=20251, help="schemathesis's random seed (same seed, same run)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-time", type=int, default=150, help="seconds each of the two runs may take")
    parser.add_argument("--min-requests", type=int, default=1000, help="fail if both runs send fewer in total")
    parser.add_argument("--report-dir", type=Path, default=None)
    args = parser.parse_args()

    report_dir = args.report_dir or Path(tempfile.mkdtemp(prefix="fuzz-report-"))
    report_dir.mkdir(parents=True, exist_ok=True)
    environ = {**os.environ, **FUZZ_ENV}
    started = time.monotonic()
    with fresh_database(environ) as database_url:
        env = {**environ, "DATABASE_URL": database_url}
        engine = database_url.split(":", 1)[0]
        print(f"fuzz desk on {engine}; reports in {report_dir}", flush=True)
        # The demo's seed article is extracted here, in-process; gunicorn only queues extraction (its
        # FACTCHECK_TASK_BACKEND must be `database`), and no worker runs: the fuzzer's uploads stay pending.
        setup_env = {**env, "FACTCHECK_TASK_BACKEND": "immediate"}
        manage(setup_env, "migrate", "--no-input", "-v0")
        manage(setup_env, "demo")
        write_token, read_token = manage(setup_env, "shell", "-c", TOKENS_SCRIPT).splitlines()[-1].split()
        with live_server(
            {**env, "FACTCHECK_TASK_BACKEND": "database"}, serving.free_port(), report_dir / "gunicorn.log"
        ) as url:
            schema = fetch_schema(url)
            runs = [fuzz(url, write_token, "write", args, report_dir), fuzz(url, read_token, "read", args, report_dir)]
            long_address = probe_long_address(url, read_token, schema)
    schema_operations = sum(1 for item in schema["paths"].values() for method in item if method.upper() in HTTP_METHODS)

    total_requests = sum(run["requests"] for run in runs)
    print(f"\n== fuzz summary ({engine}, {time.monotonic() - started:.0f} s) ==")
    for run in runs:
        print(
            f"{run['label']:>5} token: {len(run['operations'])}/{schema_operations} operations, "
            f"{run['requests']} requests, {run['failures']} failures, {run['errors']} errors, exit {run['exit']}"
        )
    print(f"total: {total_requests} requests, {sum(run['failures'] for run in runs)} failures")
    problems = []
    if any(run["exit"] != 0 or run["failures"] or run["errors"] for run in runs):
        problems.append("schemathesis found failures (above)")
    if total_requests < args.min_requests:
        problems.append(f"only {total_requests} requests, fewer than --min-requests {args.min_requests}")
    for run in runs:
        if len(run["operations"]) < schema_operations:
            problems.append(f"the {run['label']} run reached {len(run['operations'])} of {schema_operations}")
    print(f"an address over gunicorn's limit: {long_address or 'the documented 414'}")
    if long_address:
        problems.append(long_address)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def fetch_schema(url: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/schema/?format=json", timeout=30) as response:
        return json.load(response)


def probe_long_address(url: str, token: str, schema: dict) -> str | None:
    """What schemathesis seldom sends: an address over gunicorn's 4,094-byte request line. None if its
    answer is the 414 the schema documents (an HTML page), else what is wrong."""
    request = urllib.request.Request(
        f"{url}/api/claims/?search={'x' * 5000}", headers={"Authorization": f"Token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, content_type = response.status, response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        status, content_type = error.code, error.headers.get_content_type()
    documented = schema["paths"]["/api/claims/"]["get"]["responses"].get(str(status), {}).get("content", {})
    if status != 414 or content_type not in documented:
        return f"GET /api/claims/ with a 5,000-byte query answered {status} {content_type}, not the documented 414"
    return None


if __name__ == "__main__":
    sys.exit(main())
