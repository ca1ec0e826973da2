"""Upload-to-claims time for the seed article, warm, through the real service and task path.

Run: .venv/bin/python bench/bench_upload.py [--runs N]
Prints the median wall time of `services.upload_article` (decode → store → extraction task → claim rows)
next to bare `extraction.extract` on the same text, and their ratio (DB + task overhead).
Uses a throwaway SQLite file unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    tmpdir = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmpdir.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from factcheck import extraction, services
    from factcheck.models import Article, Claim

    call_command("migrate", verbosity=0)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    text = (REPO / "factcheck" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")

    t0 = time.perf_counter()
    extraction.warm_up()
    load_s = time.perf_counter() - t0

    bare, full, claim_counts = [], [], set()
    for _ in range(args.runs):
        t0 = time.perf_counter()
        extraction.extract(text)
        bare.append(time.perf_counter() - t0)

        Claim.objects.all().delete()
        Article.objects.all().delete()
        t0 = time.perf_counter()
        article = services.upload_article(user=editor, text=text)  # autocommit: the task runs on commit
        full.append(time.perf_counter() - t0)
        article.refresh_from_db()
        assert article.extraction_status == Article.ExtractionStatus.DONE, article.extraction_error
        claim_counts.add(article.claims.count())

    bare_ms, full_ms = statistics.median(bare) * 1000, statistics.median(full) * 1000
    print(f"database             {django.db.connection.vendor}")
    print(f"seed article         {len(text)} characters, {claim_counts.pop()} claims extracted")
    print(f"model load (cold)    {load_s * 1000:.0f} ms")
    print(f"extract() warm       {bare_ms:.1f} ms  (median of {args.runs})")
    print(f"upload→claims warm   {full_ms:.1f} ms  (median of {args.runs})")
    print(f"ratio upload/extract {full_ms / bare_ms:.2f}x")


if __name__ == "__main__":
    main()
