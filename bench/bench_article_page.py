"""The article page at length: HTML size and server time of a ~150-claim article, against the login page.

Run: .venv/bin/python bench/bench_article_page.py [--runs N] [--copies K]
Builds one long article by repeating the seed's paragraphs (real extraction, so every card carries the
quantities, dates and evidence the extractor finds), then renders `/articles/<id>/` as a reviewer through
Django's test client, interleaved with `/login/` in the same run. Prints the page size, the
median times and their ratio (target: ≤ 150 KB and ≤ 3× the login page). Throwaway SQLite unless
DATABASE_URL is set.
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
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--copies", type=int, default=9, help="seed paragraphs repeated this many times")
    args = parser.parse_args()

    tmpdir = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmpdir.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from factcheck import services
    from factcheck.models import Article

    call_command("migrate", verbosity=0)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    reviewer, _ = User.objects.get_or_create(username="bench-reviewer")
    reviewer.groups.add(Group.objects.get(name="Reviewers"))

    seed = (REPO / "factcheck" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")
    title, _, rest = seed.partition("\n")
    # Numbered copies: the same sentences at different places, as a long live blog repeats its figures.
    body = title + "\n" + "\n".join(f"[{i + 1}부]\n{rest}" for i in range(args.copies))
    article = services.upload_article(user=editor, text=body, title="긴 기사 벤치마크")
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.DONE, article.extraction_error
    claim_count = article.claims.count()

    client = Client()
    client.force_login(reviewer)
    anonymous = Client()
    url = article.get_absolute_url()
    pages, logins, signed_in_logins = [], [], []
    size = 0
    for _ in range(3):  # warm both (templates compiled, caches filled)
        client.get(url, secure=True)
        anonymous.get("/login/", secure=True)
    for _ in range(args.runs):
        t0 = time.perf_counter()
        response = client.get(url, secure=True)
        pages.append(time.perf_counter() - t0)
        assert response.status_code == 200
        size = len(response.content)
        t0 = time.perf_counter()
        assert anonymous.get("/login/", secure=True).status_code == 200
        logins.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        assert client.get("/login/", secure=True).status_code == 200
        signed_in_logins.append(time.perf_counter() - t0)

    page_ms, login_ms = statistics.median(pages) * 1000, statistics.median(logins) * 1000
    signed_in_ms = statistics.median(signed_in_logins) * 1000
    print(f"database              {django.db.connection.vendor}")
    print(f"article               {len(body)} characters, {claim_count} claims")
    print(f"article page HTML     {size / 1024:.1f} KB  (target ≤ 150 KB)")
    print(f"article page          {page_ms:.1f} ms  (median of {args.runs})")
    print(f"login page            {login_ms:.1f} ms  (median of {args.runs}, same run)")
    print(f"login page, signed in {signed_in_ms:.1f} ms  (the same reviewer's session: session, user and")
    print("                      permission queries, the header's notification count)")
    print(f"ratio article/login   {page_ms / login_ms:.2f}x  (target ≤ 3x)")
    print(f"ratio vs signed-in    {page_ms / signed_in_ms:.2f}x")


if __name__ == "__main__":
    main()
