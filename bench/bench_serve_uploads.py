"""Production serving under uploads: what a web worker weighs after 100 of them, and a 640,000-character
upload from request to `done`.

Run: .venv/bin/python bench/bench_serve_uploads.py --database-url postgres://postgres@127.0.0.1:5432/NAME_serve
     [--uploads 100] [--rounds 1] [--workers 2] [--concurrency 2] [--timeout 600]
     [--big-chars 640000] [--big-timeout 900] [--lease-seconds N]

`--database-url` (default: DATABASE_URL's server, its database name + `_serve`) names a PostgreSQL database
whose name ends in `_serve`: it is dropped, created and migrated, and left behind for a look afterwards.
The processes are production's (README, "Running it in production"): one `manage.py db_worker --no-reload`
(`make worker`) for the whole run, and gunicorn with factcheck/gunicorn_conf.py (DJANGO_DEBUG=0, the
database task backend, --workers sync workers) started once per mode and round. The worker first extracts
the seed article (so that loading its model is not timed):

- `preload`: `make serve`'s default. The master loads the Kiwi model before forking, for search queries;
  the workers share it copy-on-write, so their RSS counts the model's pages and their PSS a share of them.
- `no-preload`: FACTCHECK_PRELOAD_KIWI=0. Nothing in a web worker loads Kiwi until a search needs it.

An editor (made with the ORM) signs in over HTTP (`POST /api/auth/token/`, a write token) and uploads
--uploads distinct corpus-like articles (two ../shared/corpus articles joined, with a running number)
with `POST /api/articles/` from --concurrency clients; the script polls the API until all are `done`.
Printed per web worker before and after: RSS, PSS, private memory, CPU seconds (which worker served), and
whether kiwipiepy's library is mapped into it (/proc/<pid>/maps); then the db_worker's RSS and peak RSS,
the upload answer's p50/p95 and the time from the first upload until the last article is `done`.
Rounds alternate the order of the modes; each round uploads its own articles.

Then, on a `preload` server, one article of --big-chars characters (corpus text, each copy numbered, so it
is distinct; under FACTCHECK_MAX_UPLOAD_BYTES — FACTCHECK_MAX_ARTICLE_CHARS is raised to --big-chars for
the run, since its default of 200,000 refuses such a text at once with 400 too_long): the upload's HTTP
status, time and extraction_status, the time until it is `done`, its claims and extraction attempts
(1: its lease was never lost), and the time of `GET /api/articles/<id>/` with all of those claims.
`--lease-seconds 6` gives the worker a 6 s lease and a sweep every second, so that the big run lives on
its heartbeat alone (with the default 120 s lease a run under 40 s never renews it).

Exit 1 if an article ends `failed`, the big one is not `done` within --big-timeout seconds, or a web
worker was replaced (gunicorn kills a worker that overruns its 30 s timeout). Linux only (/proc).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.corpora import corpus_records  # noqa: E402 - after the sys.path line
from tests import serving  # noqa: E402 - run as a script, with the repository put on sys.path just above

SEED = REPO / "factcheck" / "fixtures" / "seed_article.txt"
MODES = {"preload": {}, "no-preload": {"FACTCHECK_PRELOAD_KIWI": "0"}}
TARGET_MB = 150
USERNAME = "bench-editor"
# The editor, and the seed article queued before the worker starts: the worker loads its model on it, so
# the first mode's time to `done` does not include that.
EDITOR_SCRIPT = """
import os
from django.contrib.auth.models import Group, User
from factcheck import services
editor = User.objects.create_user("bench-editor", password=os.environ["BENCH_EDITOR_PASSWORD"])
editor.groups.add(Group.objects.get(name="Editors"))
services.upload_article(user=editor, text=open("factcheck/fixtures/seed_article.txt").read(), title="warm-up")
"""


def database_url(given: str | None) -> tuple[str, str]:
    """The bench database's URL and name; refuses a name it must not drop."""
    url = given
    if url is None:
        base = os.environ.get("DATABASE_URL", "")
        if not base.startswith(("postgres://", "postgresql://")):
            sys.exit("give --database-url postgres://…/NAME_serve (or a PostgreSQL DATABASE_URL)")
        parts = urllib.parse.urlsplit(base)
        url = urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_serve", query=""))
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name.endswith("_serve"):
        sys.exit(f"refusing {url!r}: a PostgreSQL database whose name ends in _serve (it is dropped and recreated)")
    return url, name


def recreate_database(url: str, name: str) -> None:
    import psycopg

    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def corpus_bodies() -> list[tuple[str, str]]:
    """(title, body) of every labelled corpus article; the seed article alone without ../shared."""
    records = corpus_records()
    if not records:
        return [("시드 기사", SEED.read_text(encoding="utf-8"))]
    return [(r["title"], r["body"]) for r in records]


def small_articles(bodies: list[tuple[str, str]], count: int, tag: str) -> list[dict[str, str]]:
    """`count` distinct uploads: corpus article i and another joined, a running number at the end."""
    n = len(bodies)
    articles = []
    for i in range(count):
        (title, first), (_, second) = bodies[i % n], bodies[(i + 1 + i // n) % n]
        text = f"{first}\n\n{second}\n\n({tag}-{i:03d})"
        articles.append({"title": f"{tag}-{i:03d} {title}"[:300], "text": text})
    return articles


def big_article(bodies: list[tuple[str, str]], chars: int, tag: str) -> dict[str, str]:
    parts, length, i = [], 0, 0
    while length < chars:
        part = f"({i + 1}) {bodies[i % len(bodies)][1]}"
        parts.append(part)
        length += len(part) + 2
        i += 1
    text = "\n\n".join(parts)[:chars]
    if text[-1].isspace():  # the desk strips trailing whitespace: end on a character it keeps
        text = text[:-1] + "."
    return {"title": f"{tag} {chars:,}자 기사", "text": text}


# HTTP -------------------------------------------------------------------------------------------------------


def call(port: int, method: str, path: str, body: dict | None = None, token: str | None = None, timeout=120):
    """One request on a fresh connection (gunicorn's sync workers close each): status, seconds, parsed body."""
    headers = {"Authorization": f"Token {token}"} if token else {}
    payload = None
    if body is not None:
        payload = json.dumps(body, ensure_ascii=False).encode()  # Korean as UTF-8, not \\uXXXX: 3 bytes, not 6
        headers["Content-Type"] = "application/json; charset=utf-8"
    conn = http.client.HTTPConnection(serving.HOST, port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request(method, path, body=payload, headers=headers)
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        data = raw[:300]
    return response.status, seconds, data, len(raw)


def sign_in(port: int, password: str) -> str:
    status, _, data, _ = call(
        port,
        "POST",
        "/api/auth/token/",
        {"username": USERNAME, "password": password, "name": "serve bench", "scope": "write"},
    )
    if status not in (200, 201):
        sys.exit(f"POST /api/auth/token/ answered {status}: {data!r}")
    return data["token"]


def titled(port: int, token: str, tag: str, status: str | None = None) -> dict:
    """GET /api/articles/ for the articles whose title holds `tag` (the first one, and the count)."""
    query = {"q": tag, "page_size": "1"}
    if status:
        query["extraction_status"] = status
    code, _, data, _ = call(port, "GET", "/api/articles/?" + urllib.parse.urlencode(query), token=token)
    if code != 200:
        raise RuntimeError(f"GET /api/articles/ answered {code}: {data!r}")
    return data


# One mode -------------------------------------------------------------------------------------------------


@dataclass
class Reading:
    pid: int
    memory: dict[str, float]
    cpu: float
    kiwi: bool

    @classmethod
    def of(cls, pid: int) -> Reading:
        return cls(pid, serving.memory_mb(pid), serving.cpu_seconds(pid), serving.maps_library(pid, "kiwipiepy"))


@dataclass
class ModeRun:
    mode: str
    tag: str
    before: list[Reading] = field(default_factory=list)
    after: list[Reading] = field(default_factory=list)
    worker: dict[str, float] = field(default_factory=dict)
    upload_s: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    done_s: float = 0.0
    failed: int = 0
    replaced_workers: bool = False


def upload_all(port: int, token: str, articles: list[dict], concurrency: int) -> tuple[list[float], dict]:
    """Upload from `concurrency` client threads; each answer's time, and how many answered each status."""
    lock = threading.Lock()
    queue = list(reversed(articles))
    times: list[float] = []
    statuses: dict[str, int] = {}

    def client() -> None:
        while True:
            with lock:
                if not queue:
                    return
                article = queue.pop()
            code, seconds, data, _ = call(port, "POST", "/api/articles/", article, token)
            key = f"{code} {data.get('extraction_status') if isinstance(data, dict) else data!r}"
            with lock:
                times.append(seconds)
                statuses[key] = statuses.get(key, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, statuses


def wait_done(port: int, token: str, tag: str, count: int, timeout: float, worker: serving.Process) -> int:
    """Poll until `count` articles titled `tag` are done or failed; how many failed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = titled(port, token, tag, "done")["count"]
        failed = titled(port, token, tag, "failed")["count"]
        if done + failed >= count:
            return failed
        if worker.popen.poll() is not None:
            sys.exit(f"the db_worker exited with {worker.popen.returncode}:\n{worker.log_tail()}")
        time.sleep(0.25)
    sys.exit(f"{tag}: not all {count} articles were done within {timeout:.0f} s")


def start_web(env: dict[str, str], mode: str, workers: int, log: Path) -> serving.Server:
    env = {**env, **MODES[mode], "WEB_CONCURRENCY": str(workers)}
    server = serving.start_server(serving.gunicorn_command(), env=env, port=serving.free_port(), log_path=log)
    try:
        server.wait_until_answering("/readyz", timeout=120)
        server.wait_for_workers(workers)
    except serving.ServerFailed as failed:
        server.stop()
        sys.exit(str(failed))
    return server


def run_mode(
    mode: str, tag: str, env: dict, args, worker: serving.Process, bodies, password: str, tmp: Path, *, big: bool
) -> tuple[ModeRun, dict | None]:
    """One gunicorn in `mode`: the uploads and the readings; then the big upload if `big`."""
    run = ModeRun(mode, tag)
    server = start_web(env, mode, args.workers, tmp / f"gunicorn-{tag}.log")
    try:
        pids = sorted(server.workers())
        run.before = [Reading.of(pid) for pid in pids]
        token = sign_in(server.port, password)
        articles = small_articles(bodies, args.uploads, tag)
        started = time.perf_counter()
        run.upload_s, run.statuses = upload_all(server.port, token, articles, args.concurrency)
        run.failed = wait_done(server.port, token, tag, args.uploads, args.timeout, worker)
        run.done_s = time.perf_counter() - started
        run.replaced_workers = sorted(server.workers()) != pids
        run.after = [Reading.of(pid) for pid in pids if pid in server.workers()]
        run.worker = serving.memory_mb(worker.pid)
        print_mode(run)
        big_run = None
        if big:
            big_run = big_upload(server, token, bodies, args, worker, env)
            big_run["web_after"] = [Reading.of(pid) for pid in pids if pid in server.workers()]
            big_run["replaced_workers"] = sorted(server.workers()) != pids
    finally:
        server.stop()
    return run, big_run


def big_upload(server: serving.Server, token: str, bodies, args, worker: serving.Process, env: dict) -> dict:
    tag = f"big-{secrets.token_hex(3)}"
    article = big_article(bodies, args.big_chars, tag)
    size = len(json.dumps(article, ensure_ascii=False).encode())
    code, seconds, data, _ = call(server.port, "POST", "/api/articles/", article, token)
    result = {
        "chars": len(article["text"]),
        "bytes": len(article["text"].encode()),
        "request_bytes": size,
        "status": code,
        "upload_s": seconds,
        "answered": data.get("extraction_status") if isinstance(data, dict) else data,
    }
    if code != 201:
        result["outcome"] = f"upload answered {code}: {str(data)[:300]}"
        return result
    article_id = data["id"]
    started = time.perf_counter()
    peak_worker = 0.0
    seen = set()
    deadline = time.monotonic() + args.big_timeout
    while True:
        row = titled(server.port, token, tag)["results"][0]
        seen.add(row["extraction_status"])
        peak_worker = max(peak_worker, serving.memory_mb(worker.pid)["rss"])
        if row["extraction_status"] in ("done", "failed"):
            break
        if worker.popen.poll() is not None:
            result["outcome"] = f"the db_worker exited with {worker.popen.returncode}"
            return result
        if time.monotonic() > deadline:
            result["outcome"] = f"not done after {args.big_timeout} s (status {row['extraction_status']})"
            return result
        time.sleep(1)
    result.update(
        done_s=time.perf_counter() - started,
        final=row["extraction_status"],
        claims=row["claim_count"],
        statuses_seen=sorted(seen),
        worker_rss_polled_max=peak_worker,
        worker=serving.memory_mb(worker.pid),
        lease=lease_of(env["DATABASE_URL"], article_id),
    )
    code, seconds, detail, length = call(server.port, "GET", f"/api/articles/{article_id}/", token=token)
    result.update(detail_status=code, detail_s=seconds, detail_bytes=length)
    if isinstance(detail, dict):
        result["detail_claims"] = len(detail.get("claims") or [])
        result["error"] = detail.get("extraction_error")
    result["outcome"] = "done" if row["extraction_status"] == "done" else f"failed: {result.get('error')}"
    return result


def queue_empty(url: str) -> bool:
    import psycopg

    with psycopg.connect(url) as conn:
        (waiting,) = conn.execute(
            "SELECT count(*) FROM factcheck_article WHERE extraction_status IN ('pending', 'running')"
        ).fetchone()
    return waiting == 0


def lease_of(url: str, article_id: int) -> dict:
    """What the database says about the article's run: attempts, how long it held its lease, its task row."""
    import psycopg

    with psycopg.connect(url) as conn:
        attempts, started, beat, extracted = conn.execute(
            "SELECT extraction_attempts, extraction_started_at, extraction_heartbeat_at, extracted_at "
            "FROM factcheck_article WHERE id = %s",
            [article_id],
        ).fetchone()
        tasks = conn.execute(
            "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE args_kwargs -> 'args' = %s::jsonb GROUP BY status",
            [json.dumps([article_id])],
        ).fetchall()
    return {
        "attempts": attempts,
        "run_s": (extracted - started).total_seconds() if extracted and started else None,
        "last_beat_after_s": (beat - started).total_seconds() if beat and started else None,
        "tasks": dict(tasks),
    }


# Report -----------------------------------------------------------------------------------------------------


def print_mode(run: ModeRun) -> None:
    times = sorted(run.upload_s)
    p95 = times[round(0.95 * (len(times) - 1))]
    print(f"\n{run.tag} ({run.mode}): {len(times)} uploads answered {run.statuses}")
    print(
        f"  upload answer p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; all done "
        f"{run.done_s:.1f} s after the first upload; {run.failed} failed"
        + ("; A WEB WORKER WAS REPLACED" if run.replaced_workers else "")
    )
    print("  | web worker | RSS before → after MB | PSS before → after MB | private after MB | CPU s | kiwipiepy |")
    print("  |---|---:|---:|---:|---:|---|")
    for before in run.before:
        after = next((r for r in run.after if r.pid == before.pid), None)
        if after is None:
            print(f"  | {before.pid} | {before.memory['rss']:.0f} → (gone) | | | | |")
            continue
        print(
            f"  | {before.pid} | {before.memory['rss']:.0f} → {after.memory['rss']:.0f} | "
            f"{before.memory['pss']:.0f} → {after.memory['pss']:.0f} | {after.memory['private']:.0f} | "
            f"{after.cpu - before.cpu:.1f} | {'mapped' if before.kiwi else 'no'} → {'mapped' if after.kiwi else 'no'} |"
        )
    worst = max((r.memory["rss"] for r in run.after), default=0.0)
    print(
        f"  largest web worker RSS after: {worst:.0f} MB ({'under' if worst < TARGET_MB else 'OVER'} {TARGET_MB} MB); "
        f"db_worker RSS {run.worker['rss']:.0f} MB, peak {run.worker['peak']:.0f} MB"
    )


def print_big(big: dict) -> None:
    print(
        f"\nbig upload: {big['chars']:,} characters, {big['bytes']:,} bytes of UTF-8 "
        f"({big['request_bytes']:,} bytes of JSON): answered {big['status']} in {big['upload_s']:.2f} s, "
        f"extraction_status {big['answered']!r}"
    )
    if "done_s" not in big:
        print(f"  FAILED: {big['outcome']}")
        return
    lease = big["lease"]
    print(
        f"  {big['final']} {big['done_s']:.1f} s after the answer with {big['claims']:,} claims "
        f"(statuses seen {big['statuses_seen']}); attempts {lease['attempts']}, run {lease['run_s']:.1f} s, "
        f"last heartbeat {lease['last_beat_after_s']:.1f} s into it; task rows {lease['tasks']}"
    )
    print(
        f"  db_worker RSS {big['worker']['rss']:.0f} MB after, peak {big['worker']['peak']:.0f} MB; "
        f"GET /api/articles/<id>/ answered {big['detail_status']} in {big['detail_s']:.2f} s "
        f"({big['detail_bytes']:,} bytes, {big.get('detail_claims', 0):,} claims)"
    )
    print(
        "  web workers after it: "
        + ", ".join(f"{r.pid} RSS {r.memory['rss']:.0f} / PSS {r.memory['pss']:.0f} MB" for r in big["web_after"])
        + ("; A WEB WORKER WAS REPLACED" if big["replaced_workers"] else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="postgres://…/NAME_serve (default: DATABASE_URL's name + _serve)")
    parser.add_argument("--uploads", type=int, default=100, help="articles uploaded per mode and round")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of both modes (the order alternates)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--concurrency", type=int, default=2, help="clients uploading at once")
    parser.add_argument("--timeout", type=float, default=600, help="seconds the uploads of a mode may take to be done")
    parser.add_argument("--big-chars", type=int, default=640_000, help="characters of the big upload (0: none)")
    parser.add_argument("--big-timeout", type=float, default=900, help="seconds the big upload may take")
    parser.add_argument(
        "--lease-seconds",
        type=int,
        help="FACTCHECK_EXTRACTION_LEASE_SECONDS for the db_worker (default: the setting's 120), with a sweep "
        "every second: a short lease shows the heartbeat keeping a long run's lease",
    )
    args = parser.parse_args()
    url, name = database_url(args.database_url)

    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DJANGO_DEBUG": "0",  # make serve's
        "DJANGO_SECRET_KEY": "serve-bench-" + secrets.token_hex(16),
        "DJANGO_ALLOWED_HOSTS": serving.HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "DJANGO_LOG_LEVEL": "WARNING",
        "FACTCHECK_TASK_BACKEND": "database",
        "FACTCHECK_MAX_ARTICLE_CHARS": str(max(args.big_chars, 200_000)),
        "BENCH_EDITOR_PASSWORD": password,
    }
    env.pop("FACTCHECK_PRELOAD_KIWI", None)
    env.pop("FACTCHECK_PRELOAD_APP", None)
    worker_env = dict(env)
    if args.lease_seconds:
        worker_env.update(
            FACTCHECK_EXTRACTION_LEASE_SECONDS=str(args.lease_seconds), FACTCHECK_EXTRACTION_SWEEP_SECONDS="1"
        )
    recreate_database(url, name)
    manage = [serving.PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=REPO, env=env, check=True)
    subprocess.run([*manage, "shell", "--no-imports", "-c", EDITOR_SCRIPT], cwd=REPO, env=env, check=True)
    bodies = corpus_bodies()
    print(
        f"database {name}; gunicorn {args.workers} sync workers, DJANGO_DEBUG=0, database task backend; "
        f"one db_worker; {args.uploads} uploads per mode from {args.concurrency} clients, {len(bodies)} corpus "
        f"articles; FACTCHECK_MAX_ARTICLE_CHARS={env['FACTCHECK_MAX_ARTICLE_CHARS']}; extraction lease "
        f"{args.lease_seconds or 'the default'} s",
        flush=True,
    )

    problems = []
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        worker = serving.start_worker(env=worker_env, log_path=Path(tmp) / "db_worker.log")
        try:
            worker.wait_until(lambda: queue_empty(url), timeout=300, what="extract the warm-up article", every=0.5)
            runs, big = [], None
            for round_ in range(1, args.rounds + 1):
                order = list(MODES) if round_ % 2 else list(reversed(MODES))
                for mode in order:
                    with_big = bool(args.big_chars) and mode == "preload" and big is None
                    run, big_run = run_mode(
                        mode, f"r{round_}-{mode}", env, args, worker, bodies, password, Path(tmp), big=with_big
                    )
                    runs.append(run)
                    if big_run is not None:
                        big = big_run
                        print_big(big)
                    sys.stdout.flush()
                    if run.failed:
                        problems.append(f"{run.tag}: {run.failed} articles failed")
                    if run.replaced_workers:
                        problems.append(f"{run.tag}: a web worker was replaced")
        finally:
            worker.stop()
            # What the sweep and the heartbeat say when a run's lease is in danger (WARNING and up are logged).
            lease_lines = [
                line
                for line in worker.log_tail(10_000_000).splitlines()
                if "extraction sweep" in line or "lost its lease" in line or "could not renew" in line
            ]
            print(f"\ndb_worker log: {len(lease_lines)} lines about leases (re-queue, lost lease, failed renewal)")
            for line in lease_lines[:10]:
                print(f"  {line[:300]}")
    print_summary(runs)
    if big is not None:
        if big.get("final") != "done":
            problems.append(f"the big upload: {big['outcome']}")
        if big["replaced_workers"]:
            problems.append("a web worker was replaced during the big upload")
    for problem in problems:
        print(f"FAILED: {problem}")
    sys.exit(1 if problems else 0)


def print_summary(runs: list[ModeRun]) -> None:
    if len(runs) <= 2:
        return
    print("\nmedians (min–max) over rounds:")
    for mode in MODES:
        mine = [r for r in runs if r.mode == mode]
        rss = [max(x.memory["rss"] for x in r.after) for r in mine]
        pss = [max(x.memory["pss"] for x in r.after) for r in mine]
        done = [r.done_s for r in mine]
        print(
            f"  {mode:<10} largest web worker RSS {statistics.median(rss):.0f} ({min(rss):.0f}–{max(rss):.0f}) MB, "
            f"PSS {statistics.median(pss):.0f} ({min(pss):.0f}–{max(pss):.0f}) MB; all done "
            f"{statistics.median(done):.1f} ({min(done):.1f}–{max(done):.1f}) s"
        )


if __name__ == "__main__":
    main()
