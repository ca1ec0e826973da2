"""The desk at a national outlet's year: 1M claims in PostgreSQL, and what each list and page costs then.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/scale.py
     [--claims 1000000] [--articles N] [--reviews N] [--database NAME] [--requests 20]
     [--explain] [--skip-generate] [--check]

Generates into its own database, `<DATABASE_URL's name>_scale` unless `--database` names another
(it must end in `_scale`: the database is dropped and created again, then migrated). The rows are
the real extractor's output on the labelled corpora in ../shared/corpus and ../shared/corpus-2, run
once: each generated article is one to a few corpus articles joined, with the digits of its figures
permuted (claim texts, quantity values and search keys changed alike) and a running number at the
end, so every body and content_hash differs. Claims are spread over a year, outlets, assignees and
review histories that the services could have written (proposals, confirmations, rejections,
reopenings, dismissals, with sources and notifications). Rows go in with COPY, the tables' secondary
indexes and foreign keys dropped during the load and recreated from their own definitions after it.

Then every row of the table is requested in-process through Django's whole stack (test client, a
signed-in staff member for the API and the admin, a reviewer for the desk pages), after one warm-up
request: p50/p95 server time in ms and the queries of one request. `--explain` prints
`EXPLAIN (ANALYZE, BUFFERS)` of each claim-list query; `--check` (for CI, on e.g. `--claims 50000`)
times nothing and fails when a row's query count exceeds its bound below, or when a claim-list query
reads more than a quarter of the claim table by sequential scan (a scan that stops early under a LIMIT
is allowed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import secrets
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from bench.corpora import corpus_records  # noqa: E402 - after the sys.path line

# The tables COPY fills. Their secondary indexes and every foreign key touching them are dropped for the
# load and recreated afterwards (building an index once is far cheaper than maintaining it row by row).
LOADED_TABLES = [
    "factcheck_article",
    "factcheck_claim",
    "factcheck_review",
    "factcheck_source",
    "factcheck_notification",
]
OUTLETS = [
    ("연합뉴스", 6),
    ("뉴시스", 3),
    ("뉴스1", 3),
    ("한국경제", 2),
    ("매일경제", 2),
    ("서울경제", 2),
    ("전자신문", 2),
    ("조선일보", 1),
    ("중앙일보", 1),
    ("동아일보", 1),
    ("한겨레", 1),
    ("경향신문", 1),
    ("KBS", 1),
    ("MBC", 1),
    ("SBS", 1),
    ("뉴스투데이", 1),
]
FAMILY = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "하은", "지호", "수아", "현우", "지민", "준서", "예린", "태윤", "다은", "성민", "유진"]
NOTES = [
    "통계청 원자료와 수치가 일치한다.",
    "보도자료의 수치를 그대로 옮겼다. 원자료 확인 완료.",
    "기관 발표와 다르다. 원자료는 다른 기준의 수치다.",
    "연도가 다르다: 해당 수치는 전년도 자료다.",
    "발언 영상과 대조했다. 인용이 정확하다.",
    "단위가 잘못 옮겨졌다(억 → 조).",
    "공시 자료로 확인했다.",
    "국회 회의록과 대조해 확인.",
]
SOURCES = [
    ("https://kosis.example.org/statHtml/{n}", "국가통계포털 통계표", "통계청"),
    ("https://www.example.go.kr/briefing/{n}", "정책 브리핑 보도자료", "문화체육관광부"),
    ("https://dart.example.or.kr/report/{n}", "전자공시 사업보고서", "금융감독원"),
    ("https://likms.example.go.kr/record/{n}", "국회 회의록", "국회사무처"),
    ("https://www.example.ac.kr/paper/{n}", "연구 보고서", ""),
]
# Review histories the services write, as (name, steps). Shares of the review rows they take:
# most reviews are the two steps of a cross-checked verdict, then dismissals (one step each).
HISTORIES = {
    "verified": ("proposal", "confirmation"),
    "disputed": ("proposal", "confirmation"),
    "awaiting": ("proposal",),
    "rejected": ("proposal", "rejection"),
    "reopened": ("proposal", "confirmation", "reopening"),
    "dismissed": ("verdict",),
}
REVIEW_SHARES = {"verified": 0.43, "disputed": 0.17, "awaiting": 0.07, "rejected": 0.035, "reopened": 0.03}
ASSIGNED_SHARE = 0.15  # of the claims nobody has reviewed
DIGITS = "123456789"  # permuted per article; 0 stays 0, so figures keep their length and leading digit


# Rows and the load ----------------------------------------------------------------------------------


@dataclass
class ClaimTemplate:
    """One claim as the extractor produced it on a corpus article, ready to be placed in a generated one."""

    start: int
    end: int
    sentence_index: int
    score: float
    speaker: str | None
    types: str  # JSON
    evidence: str  # JSON
    quantities: list[dict[str, Any]]
    mutable_quantities: list[bool]
    dates: list[dict[str, Any]]
    terms: list[str]
    mutable_terms: list[bool]


@dataclass
class SourceArticle:
    title: str
    body: str
    sentence_count: int
    claims: list[ClaimTemplate]
    mutable_spans: list[tuple[int, int]]  # digits in these spans are permuted in every copy


@dataclass
class Plan:
    """One generated article: its corpus parts and the claims it keeps (template, offset, sentence shift)."""

    id: int
    created_at: dt.datetime
    status: str
    parts: list[SourceArticle] = field(default_factory=list)
    claims: list[tuple[ClaimTemplate, int, int]] = field(default_factory=list)
    body: str = ""
    table: dict[int, int] | None = None


def _significant(text: str) -> str:
    return "".join(ch for ch in text if ch in DIGITS)


def _value_text(value: float) -> str | None:
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    return None if "e" in text else text


def _is_mutable(quantity: dict[str, Any]) -> bool:
    """A figure written in ASCII digits whose value has the same significant digits (1,750억 and
    175000000000): permuting both alike keeps them consistent. Native numerals, fractions are left."""
    text, value_text = quantity["text"], _value_text(quantity["value"])
    return bool(re.search(r"[0-9]", text)) and value_text is not None and _significant(text) == _significant(value_text)


def _mutated_value(value: float, table: dict[int, int]) -> int | float:
    text = _value_text(value)
    assert text is not None
    mutated = text.translate(table)
    return int(mutated) if "." not in mutated else float(mutated)


def source_articles() -> list[SourceArticle]:
    """Run the real extractor once on the labelled corpora: every check-worthy claim unit with its fields."""
    from factcheck import extraction as engine
    from factcheck.services.extraction import claim_fields

    records = corpus_records()
    if not records:
        sys.exit("bench/scale.py needs the labelled corpus in ../shared/corpus (see its README)")
    results = engine.extract_many([r["body"] for r in records])
    sources = []
    for record, sentences in zip(records, results, strict=True):
        body = record["body"]
        spans = set()
        for sentence in sentences:
            for part in (sentence, *sentence.parts):
                for q in part.quantities:
                    if _is_mutable({"text": q.text, "value": q.value}):
                        spans.add((q.start, q.end))
        claims = []
        for unit in engine.claim_units(sentences):
            fields = claim_fields(unit)
            assert body[unit.start : unit.end] == fields["text"]
            mutable_q = [_is_mutable(q) for q in fields["quantities"]]
            figures = [q["text"].lower() for q, m in zip(fields["quantities"], mutable_q, strict=True) if m]
            date_texts = [d["text"] for d in fields["dates"]]
            terms = fields["search_terms"].split(" ") if fields["search_terms"] else []
            mutable_t = [
                bool(re.search(r"[0-9]", t)) and any(t in f for f in figures) and not any(t in d for d in date_texts)
                for t in terms
            ]
            claims.append(
                ClaimTemplate(
                    start=unit.start,
                    end=unit.end,
                    sentence_index=fields["sentence_index"],
                    score=fields["score"],
                    speaker=fields["speaker"],
                    types=json.dumps(fields["types"]),
                    evidence=json.dumps(fields["evidence"], ensure_ascii=False),
                    quantities=fields["quantities"],
                    mutable_quantities=mutable_q,
                    dates=fields["dates"],
                    terms=terms,
                    mutable_terms=mutable_t,
                )
            )
        first_line = body.split("\n", 1)[0]
        title = first_line if first_line.startswith(record["title"][:20]) else record["title"]
        sources.append(SourceArticle(title, body, len(sentences), claims, sorted(spans)))
    return sources


def _mutate(text: str, spans: list[tuple[int, int]], table: dict[int, int]) -> str:
    pieces, at = [], 0
    for start, end in spans:
        pieces += [text[at:start], text[start:end].translate(table)]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _claim_targets(rng: random.Random, n_claims: int, done: int) -> list[int]:
    """Claims per article: mean n_claims / articles, skewed (most short, some long), summing to n_claims."""
    cap = 60
    mean = n_claims / done
    targets = [min(cap, max(1, round(rng.gammavariate(2.0, mean / 2.0)))) for _ in range(done)]
    diff = n_claims - sum(targets)
    while diff:
        j = rng.randrange(done)
        if diff > 0 and targets[j] < cap:
            targets[j] += 1
            diff -= 1
        elif diff < 0 and targets[j] > 1:
            targets[j] -= 1
            diff += 1
    return targets


def plan_articles(
    rng: random.Random, sources: list[SourceArticle], n_articles: int, n_claims: int, now: dt.datetime
) -> list[Plan]:
    """Which corpus parts each article joins and which of their claims it keeps; ids in upload order."""
    if n_claims > n_articles * 60:
        sys.exit("at most 60 claims an article: ask for more articles")
    created = sorted(now - dt.timedelta(seconds=rng.uniform(600, 365 * 86400)) for _ in range(n_articles))
    # A few articles still wait for or failed extraction (they have no claims); the dashboard lists them.
    statuses = ["done"] * n_articles
    for i in rng.sample(range(n_articles), max(1, n_articles // 1000)) if n_articles > 50 else []:
        statuses[i] = rng.choice(["pending", "failed"])
    done = [i for i, s in enumerate(statuses) if s == "done"]
    targets = dict(zip(done, _claim_targets(rng, n_claims, len(done)), strict=True))
    with_claims = [s for s in sources if s.claims]
    plans = []
    for i in range(n_articles):
        plan = Plan(id=i + 1, created_at=created[i], status=statuses[i])
        want = targets.get(i, 0)
        parts = [rng.choice(sources)]
        while sum(len(p.claims) for p in parts) < want:
            parts.append(rng.choice(with_claims))
        plan.parts = parts
        if want:
            offset = shift = 0
            available = []
            for part in parts:
                available += [(c, offset, shift) for c in part.claims]
                offset += len(part.body) + 1
                shift += part.sentence_count
            plan.claims = sorted(rng.sample(available, want), key=lambda c: c[0].start + c[1])
        plans.append(plan)
    return plans


def _copy(cursor: Any, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    count = 0
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN WITH (FREEZE)") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


class Rows:
    """A model's COPY column list, filling every column the generator does not set with its default."""

    def __init__(self, model: Any, given: list[str]):
        self.columns, self.given, self.defaults = [], given, {}
        known = {model._meta.get_field(name).column: name for name in given}
        for f in model._meta.concrete_fields:
            if f.primary_key and f.column not in known:
                continue  # the table's identity fills it
            self.columns.append(f.column)
            if f.column in known:
                continue
            if f.has_default():
                value = f.get_default()
                self.defaults[f.column] = json.dumps(value) if f.get_internal_type() == "JSONField" else value
            elif f.null:
                self.defaults[f.column] = None
            else:
                raise SystemExit(f"bench/scale.py does not fill {model.__name__}.{f.name}: add it to the generator")
        self.order = [known.get(c) for c in self.columns]

    def tuple(self, values: tuple) -> tuple:
        given = dict(zip(self.given, values, strict=True))
        return tuple(
            given[name] if name is not None else self.defaults[col]
            for col, name in zip(self.columns, self.order, strict=True)
        )


@dataclass
class Cast:
    staff: Any
    editors: list[Any]
    reviewers: list[Any]


def make_cast() -> Cast:
    """The desk's people, in the role groups the migrations create (staff are superusers)."""
    from django.contrib.auth.models import Group, User

    def user(username: str, group: str | None = None, **extra: Any) -> Any:
        person = User.objects.create_user(username=username, email=f"{username}@desk.example", **extra)
        person.set_unusable_password()  # bench/load.py sets one when it needs to sign in
        person.save()
        if group:
            person.groups.add(Group.objects.get(name=group))
        return person

    return Cast(
        staff=user("bench-staff", is_staff=True, is_superuser=True),
        editors=[user(f"bench-editor{i}", "Editors") for i in range(3)],
        reviewers=[user(f"bench-reviewer{i}", "Reviewers") for i in range(8)],
    )


def _histories(rng: random.Random, n_claims: int, n_reviews: int) -> bytearray:
    """The review history of every claim (an index into HISTORY_NAMES; 0 none), n_reviews steps in all."""
    counts = {name: int(n_reviews * share) // len(HISTORIES[name]) for name, share in REVIEW_SHARES.items()}
    counts["dismissed"] = n_reviews - sum(counts[name] * len(HISTORIES[name]) for name in REVIEW_SHARES)
    if sum(counts.values()) > n_claims:
        sys.exit(f"{n_reviews:,} reviews need more than {n_claims:,} claims")
    codes = bytearray(n_claims)
    at = 0
    for code, name in enumerate(HISTORY_NAMES[1:], start=1):
        codes[at : at + counts[name]] = bytes([code]) * counts[name]
        at += counts[name]
    shuffled = list(codes)
    rng.shuffle(shuffled)
    return bytearray(shuffled)


HISTORY_NAMES = [None, *HISTORIES]


def generate(n_claims: int, n_articles: int, n_reviews: int, seed: int) -> dict[str, int]:
    """Fill the freshly migrated database; returns the rows written per table."""
    import psycopg
    from django.db import connection

    from factcheck import extraction as engine
    from factcheck import ingest
    from factcheck.models import Article, Claim, Notification, Review, Source

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"  [{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    sources = source_articles()
    say(f"extracted {sum(len(s.claims) for s in sources)} claims from {len(sources)} corpus articles")
    cast = make_cast()
    plans = plan_articles(rng, sources, n_articles, n_claims, now)
    histories = _histories(rng, n_claims, n_reviews)
    say(f"planned {n_articles:,} articles")

    article_rows = Rows(
        Article,
        [
            "id", "title", "body", "outlet", "byline", "published_at", "url", "content_hash", "uploaded_by",
            "extraction_status", "extraction_error", "extraction_owner", "extraction_attempts",
            "extraction_started_at", "extraction_heartbeat_at", "extractor_version", "extracted_at",
            "created_at", "updated_at",
        ],
    )  # fmt: skip
    claim_rows = Rows(
        Claim,
        [
            "id", "article", "text", "start", "end", "sentence_index", "score", "types", "speaker", "quantities",
            "dates", "evidence", "status", "version", "assignee", "assigned_at", "proposal", "search_terms",
            "created_at", "updated_at",
        ],
    )  # fmt: skip
    review_rows = Rows(
        Review,
        ["id", "claim", "reviewer", "action", "verdict", "responds_to", "note", "claim_version", "created_at"],
    )
    source_rows = Rows(Source, ["review", "url", "title", "publisher", "excerpt", "accessed_at"])
    notification_rows = Rows(
        Notification, ["recipient", "kind", "actor", "article", "claim", "claim_count", "note", "created_at", "read_at"]
    )
    outlets = [name for name, _ in OUTLETS]
    outlet_weights = [w for _, w in OUTLETS]
    workers = [f"worker-{h}:{1000 + h}:{secrets.token_hex(4)}" for h in range(4)]
    reviewer_ids = [r.pk for r in cast.reviewers]
    editor_ids = [e.pk for e in cast.editors]

    def articles() -> Iterator[tuple]:
        for plan in plans:
            plan.table = str.maketrans(DIGITS, "".join(rng.sample(DIGITS, 9)))
            pieces = [_mutate(p.body, p.mutable_spans, plan.table) for p in plan.parts]
            outlet = rng.choices(outlets, outlet_weights)[0]
            byline = f"{rng.choice(FAMILY)}{rng.choice(GIVEN)} 기자"
            # The running number makes every body (and so its content_hash) different; at the end, so no
            # offset moves.
            plan.body = "\n".join(pieces) + f"\n{byline} ({outlet}, 관리번호 {plan.id})"
            first = pieces[0].split("\n", 1)[0]
            title = first if plan.parts[0].title == plan.parts[0].body.split("\n", 1)[0] else plan.parts[0].title
            created = plan.created_at
            done = plan.status == "done"
            extracted = created + dt.timedelta(seconds=rng.uniform(2, 40)) if done else None
            yield article_rows.tuple(
                (
                    plan.id, title[:300], plan.body, outlet, byline,
                    created - dt.timedelta(minutes=rng.uniform(5, 600)),
                    f"https://news.example.com/{outlet_slug(outlet)}/{plan.id}",
                    ingest.content_hash(plan.body), editor_ids[plan.id % len(editor_ids)], plan.status,
                    "Kiwi analysis failed: worker lost" if plan.status == "failed" else "",
                    rng.choice(workers) if plan.status != "pending" else "",
                    1 if plan.status != "pending" else 0,
                    created + dt.timedelta(seconds=1) if plan.status != "pending" else None,
                    created + dt.timedelta(seconds=1) if plan.status != "pending" else None,
                    engine.EXTRACTOR_VERSION if done else "", extracted, created, extracted or created,
                )
            )  # fmt: skip

    reviews: list[tuple] = []
    source_list: list[tuple] = []
    notifications: list[tuple] = []

    def claims() -> Iterator[tuple]:
        claim_id = review_id = 0
        source_n = 0
        for plan in plans:
            table, body = plan.table, plan.body
            claimed_at = plan.created_at + dt.timedelta(seconds=45)
            editor = editor_ids[plan.id % len(editor_ids)]  # the uploader
            if plan.claims:
                notifications.append(
                    notification_rows.tuple(
                        (editor, "extraction_done", None, plan.id, None, len(plan.claims), "", claimed_at,
                         claimed_at + dt.timedelta(hours=1))
                    )
                )  # fmt: skip
            for template, offset, shift in plan.claims:
                claim_id += 1
                start, end = template.start + offset, template.end + offset
                quantities = []
                for q, mutable in zip(template.quantities, template.mutable_quantities, strict=True):
                    q = dict(q, start=q["start"] + offset, end=q["end"] + offset)
                    if mutable:
                        q["text"], q["value"] = q["text"].translate(table), _mutated_value(q["value"], table)
                    quantities.append(q)
                dates = [dict(d, start=d["start"] + offset, end=d["end"] + offset) for d in template.dates]
                terms = " ".join(
                    t.translate(table) if m else t for t, m in zip(template.terms, template.mutable_terms, strict=True)
                )
                score = round(min(1.0, max(0.5, template.score + rng.uniform(-0.02, 0.02))), 3)
                history = HISTORY_NAMES[histories[claim_id - 1]]
                status, version, proposal, updated = "pending", 1, None, claimed_at
                assignee = assigned_at = None
                if history is None:
                    if rng.random() < ASSIGNED_SHARE:
                        assignee = rng.choice(reviewer_ids)
                        assigned_at = claimed_at + dt.timedelta(hours=rng.uniform(0.1, 48))
                        notifications.append(
                            notification_rows.tuple(
                                (assignee, "assigned", editor, plan.id, claim_id, 1, "", assigned_at,
                                 assigned_at + dt.timedelta(hours=2) if rng.random() < 0.9 else None)
                            )
                        )  # fmt: skip
                else:
                    steps = HISTORIES[history]
                    span = min(rng.uniform(3600, 20 * 86400), (now - claimed_at).total_seconds() * 0.9)
                    times = sorted(claimed_at + dt.timedelta(seconds=rng.uniform(60, span)) for _ in steps)
                    proposer, checker = rng.sample(reviewer_ids, 2)
                    verdict = history if history in ("verified", "disputed") else rng.choice(("verified", "disputed"))
                    first_id = None
                    for step, at in zip(steps, times, strict=True):
                        review_id += 1
                        if step == "verdict":  # a dismissal, by a reviewer or an editor
                            who = rng.choice(reviewer_ids + editor_ids)
                            note = rng.choice(["", "", "의견일 뿐 사실 주장이 아니다.", "기사 설명문이다."])
                            row = (review_id, claim_id, who, "verdict", "dismissed", None, note, version, at)
                            status = "dismissed"
                        elif step == "proposal":
                            first_id = review_id
                            row = (review_id, claim_id, proposer, "proposal", verdict, None, rng.choice(NOTES),
                                   version, at)  # fmt: skip
                            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                                source_n += 1
                                url, title, publisher = rng.choice(SOURCES)
                                source_list.append(
                                    source_rows.tuple(
                                        (review_id, url.format(n=source_n), title, publisher,
                                         body[start:end][:120], at)
                                    )
                                )  # fmt: skip
                            proposal = review_id
                        elif step == "confirmation":
                            row = (review_id, claim_id, checker, "confirmation", verdict, first_id, "", version, at)
                            status, proposal, first_id = verdict, None, review_id
                            notifications.append(
                                notification_rows.tuple(
                                    (proposer, "proposal_confirmed", checker, plan.id, claim_id, 1, "", at, at)
                                )
                            )
                        elif step == "rejection":
                            note = "출처가 수치를 뒷받침하지 않는다. 원자료를 다시 확인해 달라."
                            row = (review_id, claim_id, checker, "rejection", verdict, first_id, note, version, at)
                            proposal = None
                            notifications.append(
                                notification_rows.tuple(
                                    (proposer, "proposal_rejected", checker, plan.id, claim_id, 1, note, at, None)
                                )
                            )
                        else:  # reopening the confirmed verdict
                            note = "기관이 수치를 정정했다. 다시 검토가 필요하다."
                            who = rng.choice(reviewer_ids)
                            row = (review_id, claim_id, who, "reopening", status, first_id, note, version, at)
                            status = "pending"
                            for recipient in {proposer, checker} - {who}:
                                notifications.append(
                                    notification_rows.tuple(
                                        (recipient, "claim_reopened", who, plan.id, claim_id, 1, note, at, None)
                                    )
                                )
                        reviews.append(review_rows.tuple(row))
                        version += 1
                        updated = at
                    if rng.random() < 0.5:
                        assignee, assigned_at = proposer, claimed_at + dt.timedelta(minutes=5)
                yield claim_rows.tuple(
                    (
                        claim_id, plan.id, body[start:end], start, end, template.sentence_index + shift, score,
                        template.types, template.speaker, json.dumps(quantities, ensure_ascii=False),
                        json.dumps(dates, ensure_ascii=False), template.evidence, status, version, assignee,
                        assigned_at, proposal, terms, claimed_at, updated,
                    )
                )  # fmt: skip
            plan.body = ""  # the article is written: free its text

    with connection.cursor() as django_cursor:
        django_cursor.execute("SELECT 1")
    conninfo = connection.connection.info.dsn
    written = {}
    with psycopg.connect(conninfo, autocommit=False) as conn:
        cur = conn.cursor()
        cur.execute("SET synchronous_commit = off")
        deferred = _drop_for_load(cur)
        cur.execute(f"TRUNCATE {', '.join(LOADED_TABLES)}")
        written["factcheck_article"] = _copy(cur, "factcheck_article", article_rows.columns, articles())
        say(f"copied {written['factcheck_article']:,} articles")
        written["factcheck_claim"] = _copy(cur, "factcheck_claim", claim_rows.columns, claims())
        say(f"copied {written['factcheck_claim']:,} claims")
        for table, rows, columns in (
            ("factcheck_review", reviews, review_rows.columns),
            ("factcheck_source", source_list, source_rows.columns),
            ("factcheck_notification", notifications, notification_rows.columns),
        ):
            written[table] = _copy(cur, table, columns, rows)
        say(f"copied {len(reviews):,} reviews, {len(source_list):,} sources, {len(notifications):,} notifications")
        conn.commit()
        reviews.clear(), source_list.clear(), notifications.clear()
        _restore_after_load(conninfo, deferred, say)
        conn.autocommit = True
        for table in LOADED_TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST((SELECT MAX(id) FROM {table}), 1))"
            )
        # What autovacuum leaves a table in: statistics, and a visibility map for index-only scans.
        cur.execute("VACUUM ANALYZE")
        say("vacuumed and analysed")
    return written


def outlet_slug(outlet: str) -> str:
    return str(sum(ord(ch) for ch in outlet) % 997)


def _drop_for_load(cur: Any) -> list[str]:
    """Drop the loaded tables' secondary indexes and every foreign key touching them; return the DDL that
    recreates them exactly (pg_get_indexdef / pg_get_constraintdef), constraints after indexes."""
    tables = ", ".join(f"'{t}'::regclass" for t in LOADED_TABLES)
    cur.execute(
        f"""SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype FROM pg_constraint
            WHERE contype IN ('f', 'u') AND (conrelid IN ({tables}) OR (contype = 'f' AND confrelid IN ({tables})))
            ORDER BY contype DESC, conname"""
    )
    constraints = cur.fetchall()
    cur.execute(
        f"""SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
            WHERE i.indrelid IN ({tables}) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"""
    )
    indexes = cur.fetchall()
    for table, name, _, _ in constraints:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cur.execute(f"DROP INDEX {name}")
    unique = [
        f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints if kind == "u"
    ]  # fmt: skip
    foreign = [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints if kind == "f"]
    return [ddl for _, ddl in indexes] + unique + foreign


def _restore_after_load(conninfo: str, ddl: list[str], say: Callable[[str], None]) -> None:
    """Recreate the dropped indexes and constraints on two connections at once (two cores), the claim
    table's search index (the longest build) on its own, then the foreign keys (they need the indexes)."""
    import threading

    import psycopg

    foreign = [d for d in ddl if "FOREIGN KEY" in d]
    builds = [d for d in ddl if d not in foreign]
    builds.sort(key=lambda d: ("gin" not in d, "factcheck_claim" not in d))  # longest first
    queue = list(builds)
    lock = threading.Lock()
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with psycopg.connect(conninfo, autocommit=True) as conn:
                conn.execute("SET maintenance_work_mem = '1GB'")
                while True:
                    with lock:
                        if not queue:
                            return
                        statement = queue.pop(0)
                    conn.execute(statement)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    say(f"built {len(builds)} indexes and unique constraints")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        for statement in foreign:
            conn.execute(statement)
    say(f"validated {len(foreign)} foreign keys")


# The database -----------------------------------------------------------------------------------------


def scale_database(url: str | None, name: str | None) -> tuple[str, str]:
    """The scale database's URL and name: DATABASE_URL's server, `<its name>_scale` unless named."""
    import dj_database_url

    if not url:
        sys.exit("bench/scale.py measures PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test")
    config = dj_database_url.parse(url)
    if config.get("ENGINE") != "django.db.backends.postgresql":
        sys.exit(f"bench/scale.py measures PostgreSQL, not {config.get('ENGINE')}: set DATABASE_URL=postgres://…")
    name = name or f"{config['NAME']}_scale"
    if not name.endswith("_scale") or not re.fullmatch(r"[a-z0-9_]+", name):
        sys.exit(f"refusing {name!r}: the scale database is dropped and recreated, so its name must end in _scale")
    base, _, _ = url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name, name


def recreate_database(url: str, name: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], password=config["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    # Production settings (as gunicorn runs them), quiet logs, and no rate limit in the way of the runs.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "scale-bench-" + secrets.token_hex(16))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    os.environ["FACTCHECK_LOG_FORMAT"] = "text"
    os.environ["FACTCHECK_API_USER_RATE"] = "1000000/minute"
    import django

    django.setup()
    from django.core.management import call_command

    # Production settings serve static files through the manifest: pages render only after collectstatic.
    call_command("collectstatic", interactive=False, verbosity=0)


# Measuring --------------------------------------------------------------------------------------------


@dataclass
class Case:
    label: str
    paths: list[str]
    as_staff: bool = True
    max_queries: int = 0  # --check fails above it
    claim_list: bool = False  # --check fails on a sequential scan of factcheck_claim in its queries
    # Why a sequential scan is accepted at the small CI scale (--check), or "" where it never is.
    scan_accepted: str = ""


@dataclass
class Result:
    case: Case
    p50: float
    p95: float
    queries: int
    sql: list[tuple[str, float]]  # the queries of the last request, with their time in ms
    requests: int


def _api_count(query: dict[str, Any], up_to: int = 500 * 50) -> int:
    """How many claims GET /api/claims/ with `query` lists, counted up to `up_to` (page 500 at 50 a page)."""
    from django.contrib.auth.models import User
    from django.test import RequestFactory

    from factcheck import selectors
    from factcheck.filters import ClaimFilter

    request = RequestFactory().get("/")
    request.user = User.objects.get(username="bench-staff")
    claims = selectors.claim_list(user=request.user)
    claim_filter = ClaimFilter({k: str(v) for k, v in query.items()}, queryset=claims, request=request)
    if not claim_filter.is_valid():
        raise SystemExit(f"{query}: {claim_filter.errors}")
    return claim_filter.qs.order_by()[:up_to].count()


def build_cases(rng: random.Random) -> list[Case]:
    from django.db.models import Count
    from django.utils import timezone

    from factcheck.models import Article, Claim, Review

    total = Claim.objects.count()
    pages = max(1, -(-total // 50))
    deep = sorted({p for p in (500, 5000, pages) if p <= pages} - {1})
    speaker = (
        Claim.objects.exclude(speaker=None).values("speaker").annotate(n=Count("id")).order_by("-n").first() or {}
    ).get("speaker", "")
    speaker = speaker.split(" ")[0] if speaker else "정부"
    # An article of about 20 claims, among the first thousand (the count needs no pass over the desk).
    sizes = Article.objects.filter(id__lte=1000).annotate(n=Count("claims")).filter(n__gte=1)
    article = min(sizes, key=lambda a: (abs(a.n - 20), a.pk))
    claim = Claim.objects.filter(reviews__action="reopening").order_by("id").first() or Claim.objects.first()
    first_pages = [f"/api/claims/?page_size=50&page={rng.randint(1, min(50, pages))}" for _ in range(50)]
    assignee = Claim.objects.exclude(assignee=None).values_list("assignee_id", flat=True).first()
    reviewer = Review.objects.values_list("reviewer_id", flat=True).first()
    outlet = Article.objects.exclude(outlet="").values_list("outlet", flat=True).first()
    day = Article.objects.order_by("created_at").values_list("created_at", flat=True)[Article.objects.count() // 2]
    # Every documented filter and ordering of GET /api/claims/, each on its first page and on page 500
    # (or its last page, for a filter with fewer matches): (label, query).
    matrix = [
        ("status=pending by -score (the queue)", {"status": "pending", "ordering": "-score"}),
        (
            "status+type+min_score by -score",
            {"status": "pending", "type": "statistic", "min_score": 0.6, "ordering": "-score"},
        ),
        ("status=verified", {"status": "verified"}),
        ("type=quote", {"type": "quote"}),
        ("ordering=-score", {"ordering": "-score"}),
        ("ordering=score", {"ordering": "score"}),
        ("ordering=-created_at", {"ordering": "-created_at"}),
        ("ordering=start", {"ordering": "start"}),
        (f"speaker={speaker}", {"speaker": speaker}),
        (f"speaker={speaker[:2]} (two characters)", {"speaker": speaker[:2]}),
        ("search=정부", {"search": "정부"}),
        ("search=정부 by -score", {"search": "정부", "ordering": "-score"}),
        (f"outlet={outlet}", {"outlet": outlet}),
        ("uploaded_after (half the desk)", {"uploaded_after": timezone.localdate(day).isoformat()}),
        ("assignee (a reviewer's)", {"assignee": assignee}),
        ("assignee=none by -score", {"assignee": "none", "ordering": "-score"}),
        ("proposal=any", {"proposal": "any"}),
        ("reviewed_by (a reviewer)", {"reviewed_by": reviewer}),
        ("has_quantity=true", {"has_quantity": "true"}),
        ("is_stale=false by -score", {"is_stale": "false", "ordering": "-score"}),
        (f"article={article.pk}", {"article": article.pk}),
    ]
    cases = [
        Case("API claims, pages 1–50", first_pages, max_queries=6, claim_list=True),
        *[
            Case(f"API claims, page {p:,}", [f"/api/claims/?page_size=50&page={p}"], max_queries=7, claim_list=True)
            for p in deep
        ],
    ]
    for label, query in matrix:
        if None in query.values():
            continue
        matches = _api_count(query)
        last = max(1, -(-matches // 50))
        for number in sorted({1, last}):
            path = "/api/claims/?" + urlencode({**query, "page_size": 50, **({"page": number} if number > 1 else {})})
            # search: one more query (it first counts its matches, up to a bound); past page 1: the page's ids
            bound = 6 + ("search" in query) + (number > 1)
            # A search with few matches lists them by id (`id IN (…)`, up to 2,000 ids); past page 1 the page's
            # ids are a second IN list, and at 50k claims PostgreSQL estimates one scan cheaper than the two
            # lists through the primary key (at 1M claims it reads the index).
            accepted = "search past page 1, small table: two id lists" if "search" in query and number > 1 else ""
            cases.append(
                Case(
                    f"API claims: {label}, page {number:,}",
                    [path],
                    max_queries=bound,
                    claim_list=True,
                    scan_accepted=accepted,
                )
            )
    cases += [
        Case("API articles (claim counts)", ["/api/articles/?page_size=50"], max_queries=6),
        Case(f"API article detail ({article.n} claims)", [f"/api/articles/{article.pk}/"], max_queries=6),
        Case("API claim detail (with history)", [f"/api/claims/{claim.pk}/"], max_queries=8),
        Case("web article list /articles/", ["/articles/"], as_staff=False, max_queries=10),
        Case("web dashboard /", ["/"], as_staff=False, max_queries=18),
        Case("web review queue /queue/", ["/queue/"], as_staff=False, max_queries=12, claim_list=True),
        Case("web review queue, page 500", ["/queue/?page=500"], as_staff=False, max_queries=13, claim_list=True),
        Case(f"web article page ({article.n} claims)", [f"/articles/{article.pk}/"], as_staff=False, max_queries=14),
        Case("web claim page (with history)", [f"/claims/{claim.pk}/"], as_staff=False, max_queries=14),
        Case("admin claims", ["/admin/factcheck/claim/"], max_queries=12, claim_list=True),
        Case("admin claims ?q=정부", ["/admin/factcheck/claim/?q=정부"], max_queries=12, claim_list=True),
        Case(
            f"admin claims ?q={speaker}",
            ["/admin/factcheck/claim/?" + urlencode({"q": speaker})],
            max_queries=12,
            claim_list=True,
        ),
        Case("admin articles", ["/admin/factcheck/article/"], max_queries=10),
        Case("admin articles ?q=정부", ["/admin/factcheck/article/?q=정부"], max_queries=10),
        Case("/healthz (baseline)", ["/healthz"], max_queries=6),
    ]
    return cases


def _client(username: str) -> Any:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def measure(case: Case, clients: dict[bool, Any], runs: int, max_seconds: float) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients[case.as_staff]
    first = client.get(case.paths[0], secure=True)  # warm: templates compiled, the model loaded, plans cached
    if first.status_code != 200:
        raise SystemExit(f"{case.label}: {case.paths[0]} answered {first.status_code}")
    times, counts, sql = [], [], []
    budget = time.perf_counter() + max_seconds
    for i in range(runs):
        if i >= 3 and time.perf_counter() > budget:
            break  # enough of a request that takes seconds: the table says how many were made
        path = case.paths[i % len(case.paths)]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{case.label}: {path} answered {response.status_code}")
        counts.append(len(queries.captured_queries))
        sql = [(q["sql"], float(q["time"]) * 1000) for q in queries.captured_queries]
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    return Result(case, statistics.median(times), p95, max(counts), sql, len(times))


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


# --check fails on a query that reads more than this share of the claim table by sequential scan. A scan
# that stops early under a LIMIT (a count of the first 1,001 claims with a quantity) reads a few pages.
SEQ_SCAN_SHARE = 0.25


def _claims_read_by_seq_scan(sql: str) -> int:
    """Rows of factcheck_claim that sequential scans in the query's plan read (returned or filtered out)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        (document,) = cursor.fetchone()
    plans = json.loads(document) if isinstance(document, str) else document
    read, stack = 0, [plans[0]["Plan"]]
    while stack:
        node = stack.pop()
        stack.extend(node.get("Plans", []))
        if node["Node Type"] == "Seq Scan" and node.get("Relation Name") == "factcheck_claim":
            rows = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            read += int(rows * node.get("Actual Loops", 1))
    return read


def _short(sql: str) -> str:
    """The query without its long column list, for reading (the plan is of the whole query)."""
    return re.sub(r"^SELECT (.{100,}?) FROM ", lambda m: f"SELECT {m.group(1)[:60]}… FROM ", sql, count=1)


def _reads_claims(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH")) and '"factcheck_claim"' in sql


def verify_rendering(rng: random.Random, clients: dict[bool, Any]) -> int:
    """Generated rows must render: claims of every status and with a waiting proposal, and articles, through
    the API and the pages, for both users."""
    from django.db.models import Max

    from factcheck.models import Article, Claim

    top = Claim.objects.aggregate(top=Max("id"))["top"] or 0
    samples = [Claim.objects.filter(status=s) for s in ("pending", "verified", "disputed", "dismissed")]
    samples.append(Claim.objects.exclude(proposal=None))
    paths = []
    for claims in samples:
        for _ in range(3):
            claim = claims.filter(id__gte=rng.randint(1, max(1, top))).order_by("id").first() or claims.first()
            if claim:
                paths += [f"/api/claims/{claim.pk}/", f"/claims/{claim.pk}/", f"/api/claims/{claim.pk}/reviews/"]
                paths += [f"/api/articles/{claim.article_id}/", f"/articles/{claim.article_id}/"]
    last = Article.objects.aggregate(top=Max("id"))["top"] or 1
    paths += [f"/articles/{rng.randint(1, last)}/" for _ in range(5)]
    for path in paths:
        for as_staff in (True, False):
            response = clients[as_staff].get(path, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"generated rows do not render: {path} answered {response.status_code}")
    return len(paths) * 2


def check_invariants() -> None:
    """What the desk relies on that the schema does not say: spans index the body, histories match status."""
    from django.db import connection

    checks = {
        "claim text is article.body[start:end] (sample)": """
            SELECT count(*) FROM (SELECT c.text, c.start, c."end", a.body FROM factcheck_claim c
              JOIN factcheck_article a ON a.id = c.article_id WHERE c.id % 97 = 0) s
            WHERE substr(s.body, s.start + 1, s."end" - s.start) <> s.text""",
        "final claims have a final step": """
            SELECT count(*) FROM factcheck_claim c WHERE c.status <> 'pending' AND NOT EXISTS (
              SELECT 1 FROM factcheck_review r WHERE r.claim_id = c.id AND r.action IN ('verdict', 'confirmation')
                AND r.verdict = c.status)""",
        "a proposal belongs to its claim and is unanswered": """
            SELECT count(*) FROM factcheck_claim c JOIN factcheck_review r ON r.id = c.proposal_id
            WHERE r.claim_id <> c.id OR r.action <> 'proposal'
               OR EXISTS (SELECT 1 FROM factcheck_review x WHERE x.responds_to_id = r.id)""",
        "version is one more than the steps": """
            SELECT count(*) FROM factcheck_claim c
            WHERE c.version <> 1 + (SELECT count(*) FROM factcheck_review r WHERE r.claim_id = c.id)""",
        "proposals of fact cite a source": """
            SELECT count(*) FROM factcheck_review r WHERE r.action = 'proposal'
              AND NOT EXISTS (SELECT 1 FROM factcheck_source s WHERE s.review_id = r.id)""",
    }
    with connection.cursor() as cursor:
        for label, sql in checks.items():
            cursor.execute(sql)
            (bad,) = cursor.fetchone()
            if bad:
                raise SystemExit(f"generated data is inconsistent: {label}: {bad} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, help="default: claims / 10")
    parser.add_argument("--reviews", type=int, help="default: 0.3 × claims")
    parser.add_argument("--database", help="default: DATABASE_URL's name + _scale (dropped and recreated)")
    parser.add_argument("--requests", type=int, default=20, help="requests per row of the table")
    parser.add_argument(
        "--max-seconds", type=float, default=30, help="stop a row after this long (3 requests at least)"
    )
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of claim lists")
    parser.add_argument(
        "--slow-ms", type=float, default=50, help="with --explain, also the plan of any query slower than this"
    )
    parser.add_argument("--skip-generate", action="store_true", help="measure the existing scale database")
    parser.add_argument("--check", action="store_true", help="assert query counts and index use, time nothing")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    articles = args.articles or max(1, args.claims // 10)
    reviews = round(0.3 * args.claims) if args.reviews is None else args.reviews

    url, name = scale_database(os.environ.get("DATABASE_URL"), args.database)
    if not args.skip_generate:
        recreate_database(url, name)
    setup_django(url)
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from factcheck.models import Article, Claim, Review

    if not args.skip_generate:
        print(f"generating {args.claims:,} claims, {articles:,} articles, {reviews:,} reviews into {name}", flush=True)
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        generate(args.claims, articles, reviews, args.seed)
        print(f"generated in {time.perf_counter() - started:.1f} s (migrate included)\n", flush=True)
    check_invariants()
    setup_test_environment()
    rng = random.Random(args.seed)
    clients = {True: _client("bench-staff"), False: _client("bench-reviewer0")}
    from factcheck.extraction import morphology

    morphology.get_kiwi()  # gunicorn preloads it before forking (gunicorn_conf.py); so do we
    checked = verify_rendering(rng, clients)
    counts = Counter(Claim.objects.values_list("status", flat=True).order_by())
    print(
        f"{name}: {Article.objects.count():,} articles, {sum(counts.values()):,} claims "
        f"({', '.join(f'{s} {n:,}' for s, n in counts.most_common())}), {Review.objects.count():,} reviews; "
        f"{checked} detail requests rendered\n"
    )
    runs = 1 if args.check else args.requests
    results = []
    if not args.check:
        print(
            f"server time in ms over {runs} requests each (fewer, at least 3, where they took over "
            f"{args.max_seconds:g} s; after one warm-up), queries per request\n"
        )
        print("| request | p50 ms | p95 ms | requests | queries |\n|---|---:|---:|---:|---:|")
    for case in build_cases(rng):
        result = measure(case, clients, runs, args.max_seconds)
        results.append(result)
        if not args.check:
            print(
                f"| {case.label} | {result.p50:.1f} | {result.p95:.1f} | {result.requests} | {result.queries} |",
                flush=True,
            )
    failures = []
    total_claims = Claim.objects.count()
    for result in results:
        case = result.case
        if result.queries > case.max_queries:
            failures.append(f"{case.label}: {result.queries} queries, bound {case.max_queries}")
        for sql, ms in result.sql:
            claim_query = case.claim_list and _reads_claims(sql)
            slow = args.explain and ms >= args.slow_ms and sql.lstrip().upper().startswith(("SELECT", "WITH"))
            if not (claim_query and (args.explain or args.check)) and not slow:
                continue
            plan = explain(sql)
            if args.explain:
                print(f"\n### {case.label} ({ms:.0f} ms in the request)\n```\n{_short(sql)}\n\n{plan}\n```")
            scanned = _claims_read_by_seq_scan(sql) if claim_query else 0
            if scanned > total_claims * SEQ_SCAN_SHARE and not (case.scan_accepted and total_claims <= 100_000):
                failures.append(
                    f"{case.label}: a sequential scan read {scanned:,} of {total_claims:,} claims in: "
                    f"{_short(sql)[:200]}…"
                )
    if args.check:
        for result in results:
            print(f"{result.case.label}: {result.queries} queries (bound {result.case.max_queries})")
        if failures:
            print("\nFAILED:\n" + "\n".join(f"- {f}" for f in failures))
            sys.exit(1)
        print(
            f"\nok: every row within its query bound, no claim list reads over {SEQ_SCAN_SHARE:.0%} of the claims "
            "by sequential scan"
        )


if __name__ == "__main__":
    main()
