"""The review queue and claim search at 100k claims on PostgreSQL: server time p50/p95 and queries.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_queue.py
     [--claims 100000] [--runs 30] [--rebuild]

Works in its own database next to DATABASE_URL's (`<name>_queue_bench`), created on first use and
kept for the next run (`--rebuild` starts over). The rows are the real extractor's output on the seed
article and the labelled corpora in ../shared/corpus and corpus-2 (when present), replicated with their numbers
changed, spread over articles, outlets, days, statuses, proposals and assignees.

Each request goes through Django's full stack in-process (test client, a signed-in reviewer): the
time is server time, without network or browser. Target (issue 8): p95 ≤ 150 ms for the queue page
and for `?search=`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.corpora import corpus_records  # noqa: E402 - after the sys.path line

OUTLETS = ["뉴스투데이", "연합뉴스", "한겨레", "조선일보", "중앙일보", "KBS", "MBC", "전자신문"]
SEARCHES = ["파라미터를", "투자할", "AI연구원장", "반도체 수출", "정부는", "1750억", "연구진이 개발한", "코로나19"]
STATUS_MIX = [("pending", 0.72), ("verified", 0.12), ("disputed", 0.06), ("dismissed", 0.10)]


def _bench_database_url() -> str:
    import dj_database_url

    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url) if url else {}
    if config.get("ENGINE") != "django.db.backends.postgresql":
        sys.exit("bench_queue measures PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test")
    name = f"{config['NAME']}_queue_bench"
    return url.rsplit("/", 1)[0] + "/" + name, name, config


def _ensure_database(name: str, config: dict, rebuild: bool) -> None:
    import psycopg

    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _source_sentences() -> list:
    """Check-worthy sentences from the real extractor: the seed article, and the corpus when it is there."""
    from factcheck import extraction

    texts = [(REPO / "factcheck" / "fixtures" / "seed_article.txt").read_text(encoding="utf-8")]
    texts += [record["body"] for record in corpus_records()]
    return [s for sentences in extraction.extract_many(texts) for s in sentences if s.check_worthy]


def _generate(n_claims: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.db import connection, transaction
    from django.utils import timezone

    from factcheck import ingest
    from factcheck.models import Article, Claim, Review
    from factcheck.services.extraction import claim_fields

    rng = random.Random(8)
    sentences = _source_sentences()
    print(f"generating {n_claims:,} claims from {len(sentences)} extracted sentences …", flush=True)
    reviewers_group = Group.objects.get(name="Reviewers")
    reviewers = []
    for i in range(6):
        user, _ = User.objects.get_or_create(username=f"bench-reviewer{i}")
        user.groups.add(reviewers_group)
        reviewers.append(user)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="Editors"))

    per_article = 20
    now = timezone.now()
    made = 0
    started = time.perf_counter()
    while made < n_claims:
        with transaction.atomic():
            articles = []
            for _ in range(250):
                body = f"bench article {made + len(articles) * per_article} {rng.random()}"
                articles.append(
                    Article(
                        title=rng.choice(sentences).text[:80],
                        body=body,
                        content_hash=ingest.content_hash(body),
                        outlet=rng.choice(OUTLETS),
                        uploaded_by=editor,
                        extraction_status="done",
                    )
                )
            Article.objects.bulk_create(articles)
            claims, statuses = [], []
            for article in articles:
                for position in range(per_article):
                    sentence = rng.choice(sentences)
                    fields = claim_fields(sentence)
                    # Another article's sentence with other numbers: the same words, not the same row.
                    fields["search_terms"] = " ".join(
                        str(rng.randint(1, 9999)) if term.isdigit() else term for term in sentence.terms
                    )
                    fields["score"] = round(min(1.0, max(0.5, sentence.score + rng.uniform(-0.05, 0.05))), 3)
                    status = rng.choices([s for s, _ in STATUS_MIX], [w for _, w in STATUS_MIX])[0]
                    assignee = rng.choice(reviewers) if rng.random() < 0.3 else None
                    claims.append(
                        Claim(
                            article=article,
                            start=position * 1000,
                            end=position * 1000 + len(sentence.text),
                            status=status,
                            assignee=assignee,
                            assigned_at=now if assignee else None,
                            **fields,
                        )
                    )
                    statuses.append(status)
            Claim.objects.bulk_create(claims)
            reviews = []
            for claim, status in zip(claims, statuses, strict=True):
                if status != "pending" or rng.random() < 0.12:  # final verdicts, and some proposals waiting
                    verdict = status if status != "pending" else rng.choice(["verified", "disputed"])
                    action = "proposal" if status == "pending" else "verdict"
                    note = "" if verdict == "dismissed" else "벤치마크 검토"
                    reviews.append(
                        Review(
                            claim=claim,
                            reviewer=rng.choice(reviewers),
                            action=action,
                            verdict=verdict,
                            note=note,
                            claim_version=1,
                        )
                    )
            Review.objects.bulk_create(reviews)
            proposals = [r for r in reviews if r.action == "proposal"]
            for review in proposals:
                review.claim.proposal = review
            Claim.objects.bulk_update([r.claim for r in proposals], ["proposal"])
            # Spread uploads over 60 days so date filters select something.
            for article in articles:
                article.created_at = now - dt.timedelta(days=rng.uniform(0, 60))
            Article.objects.bulk_update(articles, ["created_at"])
        made += len(claims)
        if made % 20000 < len(claims):
            print(f"  {made:,} claims ({time.perf_counter() - started:.0f} s)", flush=True)
    # The steady state autovacuum keeps a production table in: statistics and a visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _measure(client, path: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm: compiled templates, cached plans
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="drop the benchmark database and generate again")
    args = parser.parse_args()

    url, name, config = _bench_database_url()
    _ensure_database(name, config, args.rebuild)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from factcheck.extraction import morphology
    from factcheck.models import Claim

    call_command("migrate", verbosity=0)
    have = Claim.objects.count()
    if have < args.claims:
        _generate(args.claims - have)
    morphology.get_kiwi()  # the web workers hold it already (gunicorn_conf.py preloads it)
    setup_test_environment()
    from django.contrib.auth.models import User

    reviewer = User.objects.get(username="bench-reviewer0")
    client = Client()
    client.force_login(reviewer)
    total, pending = Claim.objects.count(), Claim.objects.filter(status="pending").count()
    print(f"\n{total:,} claims ({pending:,} pending), {args.runs} runs each, server time in ms\n")

    cases = [
        ("queue page 1 (pending, by score)", "/queue/"),
        ("queue page 40", "/queue/?page=40"),
        ("queue: mine, no proposal", "/queue/?assignee=me&proposal=none"),
        ("queue: proposals for me", "/queue/?proposal=to_check"),
        ("queue: outlet + last 7 days", "/queue/?" + urlencode({"outlet": "연합뉴스", "uploaded_after": _days_ago(7)})),
        ("API claims, queue order", "/api/claims/?status=pending&ordering=-score&page_size=50"),
    ]
    for query in SEARCHES:
        cases.append((f"queue ?search={query}", "/queue/?" + urlencode({"search": query})))
        cases.append((f"API ?search={query}", "/api/claims/?" + urlencode({"search": query, "page_size": 50})))
    worst = {"queue": 0.0, "search": 0.0}
    print(f"{'request':<40} {'p50':>7} {'p95':>7} {'queries':>8}")
    for label, path in cases:
        p50, p95, queries = _measure(client, path, args.runs)
        print(f"{label:<40} {p50:>7.1f} {p95:>7.1f} {queries:>8}", flush=True)
        key = "search" if "search" in label else "queue"
        worst[key] = max(worst[key], p95)
    print(f"\nworst p95: queue pages {worst['queue']:.1f} ms, searches {worst['search']:.1f} ms (target ≤ 150 ms)")


def _days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


if __name__ == "__main__":
    main()
