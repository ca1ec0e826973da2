"""What analysing search queries with kiwipiepy costs gunicorn web workers: lazy per-worker model vs preload.

Run: .venv/bin/python bench/bench_search_workers.py [--rounds 2] [--workers 2] [--requests 100]

For each mode it starts gunicorn with factcheck/gunicorn_conf.py on a throwaway SQLite desk holding
the seed article, sends one search to every worker at once (the first search per worker), then
sequential warm searches (`GET /api/claims/?search=…`, client-side latency), reads the memory of the
master and each worker from /proc/<pid>/smaps_rollup (PSS shares pages fairly between processes;
private = pages only that process has), and stops gunicorn. Modes:

- lazy:    no preload; each worker builds its own Kiwi on its first search (FACTCHECK_PRELOAD_APP=0).
- preload: the master loads the app and warms Kiwi before forking (the default of gunicorn_conf.py).

Rounds alternate the modes so machine drift hits both. Linux only (smaps_rollup).
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests import serving  # noqa: E402 - run as a script, with the repository put on sys.path just above

PYTHON = sys.executable
QUERIES = [
    "파라미터를",
    "투자할 계획",
    "AI연구원장",
    "1750억",
    "GPT-3의 파라미터",
    "초거대 AI를",
    "딥마인드가",
    "학습비용",
]
MODES = {
    "lazy": {"FACTCHECK_PRELOAD_APP": "0", "FACTCHECK_PRELOAD_KIWI": "0"},
    "preload": {"FACTCHECK_PRELOAD_APP": "1", "FACTCHECK_PRELOAD_KIWI": "1"},
}


def prepare_desk(env: dict[str, str]) -> str:
    """Migrate a fresh SQLite desk, load the seed article, and return a reviewer's API token."""
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    script = (
        "from django.contrib.auth.models import Group, User\n"
        "from factcheck import services\n"
        "editor = User.objects.create_user('bench-editor')\n"
        "editor.groups.add(Group.objects.get(name='Editors'))\n"
        "reviewer = User.objects.create_user('bench-reviewer')\n"
        "reviewer.groups.add(Group.objects.get(name='Reviewers'))\n"
        "services.upload_article(user=editor, text=open('factcheck/fixtures/seed_article.txt').read())\n"
        "print(services.issue_token(user=reviewer, name='bench', scope='read').key)\n"
    )
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script], cwd=REPO, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def search(port: int, token: str, query: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(
        "GET", "/api/claims/?search=" + urllib.parse.quote(query), headers={"Authorization": f"Token {token}"}
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"search answered {response.status}")
    return (time.perf_counter() - started) * 1000


def run(mode: str, env: dict[str, str], token: str, port: int, n_workers: int, n_requests: int) -> dict:
    env = {**env, **MODES[mode], "WEB_CONCURRENCY": str(n_workers)}
    started = time.perf_counter()
    server = serving.start_server(
        serving.gunicorn_command("--access-logfile", "/dev/null"),
        env=env,
        port=port,
        log_path=Path(env["BENCH_DIR"]) / f"gunicorn-{mode}.log",
    )
    try:
        server.wait_for_workers(n_workers)
        time.sleep(0.5)
        ready_s = time.perf_counter() - started
        # One search per worker at the same moment: each sync worker takes one.
        first: list[float] = [0.0] * n_workers
        threads = [
            threading.Thread(target=lambda i=i: first.__setitem__(i, search(port, token, QUERIES[i % len(QUERIES)])))
            for i in range(n_workers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        warm = sorted(search(port, token, QUERIES[i % len(QUERIES)]) for i in range(n_requests))
        workers = [serving.memory_mb(pid) for pid in server.workers()]
        return {
            "mode": mode,
            "ready_s": ready_s,
            "first_ms": first,
            "warm_p50": statistics.median(warm),
            "warm_p95": warm[int(0.95 * (len(warm) - 1))],
            "master": serving.memory_mb(server.pid),
            "workers": workers,
            "total_pss": serving.memory_mb(server.pid)["pss"] + sum(w["pss"] for w in workers),
        }
    finally:
        server.stop(30)


def _mb(workers: list[dict], key: str) -> str:
    return ", ".join(f"{w[key]:.0f}" for w in workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_LOG_LEVEL": "WARNING",
            "FACTCHECK_TASK_BACKEND": "database",  # gunicorn_conf.py refuses the immediate backend
            "BENCH_DIR": tmp,
        }
        token = prepare_desk(env)
        rows = []
        for round_ in range(args.rounds):
            for mode in ("lazy", "preload") if round_ % 2 == 0 else ("preload", "lazy"):
                row = run(mode, env, token, 18000 + len(rows), args.workers, args.requests)
                rows.append(row)
                print(
                    f"{mode:<8} first search per worker {', '.join(f'{v:.0f}' for v in row['first_ms'])} ms · "
                    f"warm p50/p95 {row['warm_p50']:.1f}/{row['warm_p95']:.1f} ms · "
                    f"worker PSS {_mb(row['workers'], 'pss')} MB, private {_mb(row['workers'], 'private')} MB · "
                    f"master PSS "
                    f"{row['master']['pss']:.0f} MB · total PSS {row['total_pss']:.0f} MB",
                    flush=True,
                )
    print(f"\nmedians over {args.rounds} round(s), {args.workers} workers:")
    print("mode     | first search (ms) | warm p50 / p95 (ms) | private per worker (MB) | total PSS (MB)")
    for mode in MODES:
        mine = [r for r in rows if r["mode"] == mode]
        first = statistics.median(v for r in mine for v in r["first_ms"])
        private = statistics.median(w["private"] for r in mine for w in r["workers"])
        print(
            f"{mode:<8} | {first:>17.0f} | {statistics.median(r['warm_p50'] for r in mine):>8.1f} / "
            f"{statistics.median(r['warm_p95'] for r in mine):<8.1f} | {private:>23.0f} | "
            f"{statistics.median(r['total_pss'] for r in mine):>14.0f}"
        )
    lazy = statistics.median(r["total_pss"] for r in rows if r["mode"] == "lazy")
    preload = statistics.median(r["total_pss"] for r in rows if r["mode"] == "preload")
    print(f"preload / lazy total PSS: {preload / lazy:.2f}")


if __name__ == "__main__":
    main()
