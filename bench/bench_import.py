"""Bulk import end to end against bare `extract_many` on the same 1,000 corpus-like articles.

Run: .venv/bin/python bench/bench_import.py --database-url postgres://postgres@127.0.0.1:5432/import_bench
     [--articles 1000] [--pairs 2] [--batch-size 100] [--no-workers-comparison]

Builds --articles article files from ../shared/corpus/articles.jsonl and ../shared/corpus-2/articles.jsonl
(cycled; each copy's digits permuted and a running number appended, so every body and content hash
differs), then, in one process per database, with the Kiwi model warm:

  bare     `extraction.extract_many` over all the bodies in one call (no database, no files)
  import   `manage.py import_articles FOLDER --user … --no-progress` (in-process call_command): read, decode,
           deduplicate, extract per chunk, write articles and claims, report each file (to /dev/null)

alternating bare/import for --pairs pairs, each import on an empty database: a fresh copy of a migrated
SQLite file, and with --database-url (a PostgreSQL database whose name ends in `_bench`: created when
missing, migrated, its article tables truncated before every import) the same there. It prints articles/s
of each run, the ratio import/bare per pair (the target is >= 0.8), their median and spread, and the SQL
statements the import sent per article. On a shared machine the wall-clock ratio moves with the others'
load, so the ratio of this process's CPU time is printed beside it (it leaves out PostgreSQL's own work,
which runs in the server). Then on SQLite `--workers 0` against `--workers 2`, alternating. No assertions
on time: compare the ratios of one run, not figures across runs. Without ../shared it says so and exits.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.corpora import CORPORA, corpus_records  # noqa: E402 - after the sys.path line

EDITOR = "bench-editor"


def build_files(folder: Path, n: int) -> list[str]:
    """n article files, the corpus bodies cycled with their digits permuted and a running number added."""
    bodies = [record["body"] for record in corpus_records()]
    rng = random.Random(12)
    texts = []
    for i in range(n):
        digits = list("0123456789")
        rng.shuffle(digits)
        body = bodies[i % len(bodies)].translate(str.maketrans("0123456789", "".join(digits)))
        text = f"{body.rstrip()}\n(관리번호 {i + 1:05d})\n"
        (folder / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=2, help="bare/import pairs per database (alternating)")
    parser.add_argument("--batch-size", type=int, default=0, help="files per chunk (default: the command's)")
    parser.add_argument("--database-url", help="PostgreSQL too: postgres://…/NAME_bench (created, truncated)")
    parser.add_argument("--no-workers-comparison", action="store_true", help="skip --workers 0 vs 2")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # one database, in its own process
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        return child(args)
    missing = [str(p) for p in CORPORA if not p.exists()]
    if missing:
        print(f"bench/bench_import.py needs the corpora next to the repo; not found: {', '.join(missing)}")
        return
    if args.database_url:
        name = urlsplit(args.database_url).path.lstrip("/")
        if not name.endswith("_bench"):
            sys.exit("--database-url must name a database ending in _bench: its article tables are truncated")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        texts = build_files(folder, args.articles)
        chars = sum(len(t) for t in texts)
        print(f"{len(texts)} articles, {chars} characters ({chars // len(texts)} per article), {os.cpu_count()} cores")
        runs = [("SQLite", f"sqlite:///{tmp}/bench.sqlite3", not args.no_workers_comparison)]
        if args.database_url:
            runs.append(("PostgreSQL", args.database_url, False))
        for label, url, workers in runs:
            print(f"\n== {label}", flush=True)
            command = [sys.executable, __file__, "--child", url, "--folder", str(folder)]
            command += ["--articles", str(args.articles), "--pairs", str(args.pairs)]
            command += ["--batch-size", str(args.batch_size)]
            command += [] if workers else ["--no-workers-comparison"]
            subprocess.run(command, check=True, cwd=REPO)


def child(args: argparse.Namespace) -> None:
    url = args.child
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ["FACTCHECK_TASK_BACKEND"] = "immediate"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    if url.startswith("postgres"):
        _create_database(url)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from factcheck import extraction
    from factcheck.models import Article, Claim

    call_command("migrate", verbosity=0)
    editor, _ = User.objects.get_or_create(username=EDITOR)
    editor.groups.add(Group.objects.get(name="Editors"))
    folder = Path(args.folder)
    files = sorted(folder.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in files]
    sqlite_file = Path(connection.settings_dict["NAME"]) if connection.vendor == "sqlite" else None
    template = None
    if sqlite_file is not None:
        connection.close()
        template = sqlite_file.with_suffix(".template")
        shutil.copyfile(sqlite_file, template)

    def empty_database() -> None:
        if template is not None:
            connection.close()
            shutil.copyfile(template, sqlite_file)
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    "TRUNCATE factcheck_article, django_tasks_database_dbtaskresult RESTART IDENTITY CASCADE"
                )
        assert not Article.objects.exists()

    statements = []

    def counting(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    def run_import(*extra: str, count: bool = False) -> tuple[float, float]:
        empty_database()
        out = io.StringIO()
        statements.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counting) if count else contextlib.nullcontext():
            call_command(
                "import_articles", str(folder), "--user", EDITOR, "--no-progress", *extra, stdout=out, stderr=out
            )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        done = Article.objects.filter(extraction_status="done").count()
        assert done == len(files), f"{done} of {len(files)} articles extracted"
        return wall, cpu

    def run_bare() -> tuple[float, float]:
        wall, cpu = time.perf_counter(), time.process_time()
        extraction.extract_many(texts)
        return time.perf_counter() - wall, time.process_time() - cpu

    batch = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    t0 = time.perf_counter()
    extraction.warm_up()
    extraction.extract_many(texts[:100])  # Kiwi's thread pool and the allocator settle before anything is timed
    print(f"model load and warm-up {time.perf_counter() - t0:.1f} s; database {connection.vendor}")

    n = len(files)
    bare_rates, import_rates, ratios, cpu_ratios = [], [], [], []
    for pair in range(args.pairs):
        bare_wall, bare_cpu = run_bare()
        import_wall, import_cpu = run_import(*batch, count=pair == 0)
        if pair == 0:
            sent, claims = len(statements), Claim.objects.count()
        bare_rates.append(n / bare_wall)
        import_rates.append(n / import_wall)
        ratios.append(bare_wall / import_wall)
        cpu_ratios.append(bare_cpu / import_cpu)
        print(
            f"  pair {pair + 1}: bare extract_many {n / bare_wall:6.1f} articles/s, import {n / import_wall:6.1f}"
            f" articles/s, ratio {ratios[-1]:.2f} (CPU time of this process: bare {bare_cpu:.1f} s,"
            f" import {import_cpu:.1f} s, ratio {cpu_ratios[-1]:.2f})",
            flush=True,
        )
    print(f"  bare   median {statistics.median(bare_rates):6.1f} articles/s (spread {_spread(bare_rates)})")
    print(f"  import median {statistics.median(import_rates):6.1f} articles/s (spread {_spread(import_rates)})")
    print(
        f"  ratio import/bare, wall clock: median {statistics.median(ratios):.2f}, range {_spread(ratios, 2)}"
        f" (target >= 0.8); CPU time: median {statistics.median(cpu_ratios):.2f}, range {_spread(cpu_ratios, 2)}"
    )
    print(f"  SQL statements per article {sent / n:.3f} ({sent} for {n} articles and their {claims} claims)")

    if not args.no_workers_comparison:
        print("  --workers 0 vs --workers 2 (import, alternating)")
        speedups = []
        for pair in range(args.pairs):
            zero, _ = run_import(*batch, "--workers", "0")
            two, _ = run_import(*batch, "--workers", "2")
            speedups.append(zero / two)
            print(
                f"    pair {pair + 1}: workers 0 {n / zero:6.1f}, workers 2 {n / two:6.1f} articles/s,"
                f" 2/0 {speedups[-1]:.2f}",
                flush=True,
            )
        print(f"    throughput 2/0: median {statistics.median(speedups):.2f}, range {_spread(speedups, 2)}")


def _spread(values: list[float], digits: int = 1) -> str:
    return f"{min(values):.{digits}f}-{max(values):.{digits}f}"


def _create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
