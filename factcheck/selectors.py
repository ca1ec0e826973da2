"""Every read with joins, scoped to what the user may see.

Newsroom staff in the Editors or Reviewers group (and staff users) see every article of the desk;
a signed-in account without a role sees nothing.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import BooleanField, Count, F, Func, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat

from factcheck.extraction import terms
from factcheck.models import Article, Claim, Correction, Notification, Review, Source
from factcheck.pagination import BoundedCount, bounded_count
from factcheck.services import roles


def can_view_desk(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("factcheck.view_article"))


def article_list(*, user: Any) -> QuerySet[Article]:
    if not can_view_desk(user):
        return Article.objects.none()
    return (
        Article.objects.select_related("uploaded_by")
        .annotate(claim_count=claim_count(), open_claim_count=claim_count(status=Claim.Status.PENDING))
        .order_by("-created_at", "-id")
    )


def claim_count(**condition: Any) -> Coalesce:
    """The article's claims (those matching `condition`), counted for each row the page shows.

    A correlated subquery, not a JOIN with GROUP BY: the database walks the newest-first index, stops at the
    page's rows and counts their claims by the claim's article index, instead of grouping a million claims
    before the page is cut.
    """
    claims = Claim.objects.filter(article=OuterRef("pk"), **condition).order_by().values("article")
    return Coalesce(Subquery(claims.annotate(n=Count("*")).values("n")), 0)


def reviews_with_sources() -> QuerySet[Review]:
    return Review.objects.select_related("reviewer").prefetch_related(
        # Each source's snapshot joined in (no query per source), without its text and raw HTML.
        Prefetch(
            "sources",
            queryset=Source.objects.select_related("snapshot")
            .defer("snapshot__text", "snapshot__raw_html")
            .order_by("id"),
        )
    )


# Everything a claim shows wherever it appears: its assignee and the proposal awaiting cross-check.
_CLAIM_JOINS = ("assignee", "proposal__reviewer")


def _claims(*, user: Any) -> QuerySet[Claim]:
    if not can_view_desk(user):
        return Claim.objects.none()
    return Claim.objects.select_related("article", *_CLAIM_JOINS)


def claim_list(*, user: Any) -> QuerySet[Claim]:
    """Claims with their article (without its body: lists show the title only), assignee and proposal."""
    return _claims(user=user).defer("article__body")


def claim_detail_queryset(*, user: Any) -> QuerySet[Claim]:
    """One claim as its page shows it: the article with its body (for the context) and the history."""
    return _claims(user=user).prefetch_related(
        Prefetch("reviews", queryset=reviews_with_sources()),
        Prefetch("corrections", queryset=Correction.objects.select_related("actor")),
    )


def article_detail_queryset(*, user: Any) -> QuerySet[Article]:
    """An article with its claims in reading order (no histories: a long article has hundreds of claims)."""
    claims = Claim.objects.select_related(*_CLAIM_JOINS).order_by("start", "id")
    return article_list(user=user).prefetch_related(Prefetch("claims", queryset=claims))


def article_page_queryset(*, user: Any) -> QuerySet[Article]:
    """The article page's article. No claim-count annotation (the page counts its marks): grouping by every
    column, the body included, cost more than everything else on a long article."""
    if not can_view_desk(user):
        return Article.objects.none()
    return Article.objects.select_related("uploaded_by")


@dataclass(slots=True)
class ClaimMark:
    """A claim as the article page first reads it: enough to highlight it in the body and to know whether
    its cached card is still current. A 150-claim article builds 150 of these, not 150 full claims."""

    pk: int
    start: int
    end: int
    status: str
    is_stale: bool
    proposal_id: int | None
    assignee_id: int | None
    version: int
    changed: str  # updated_at, as text
    latest_review_id: int | None
    card_link: str = ""


def claim_marks(article: Article) -> list[ClaimMark]:
    """Every claim of the article in reading order, with the id of its newest history step."""
    newest = Review.objects.filter(claim_id=OuterRef("pk")).order_by("-created_at", "-id").values("pk")[:1]
    rows = (
        article.claims.order_by("start", "id")
        # `updated_at` as the database's text: it only tells a cached card that the claim changed, and
        # parsing 150 timestamps into datetimes cost more than the rest of the query.
        .annotate(latest_review_id=Subquery(newest), changed=Cast("updated_at", TextField()))
        .values_list(
            "id", "start", "end", "status", "is_stale", "proposal_id", "assignee_id", "version", "changed",
            "latest_review_id",
        )
    )  # fmt: skip
    return [ClaimMark(*row) for row in rows]


def claims_for_cards(article: Article, claim_ids: list[int]) -> list[Claim]:
    """Full claims for the cards that must be drawn, in reading order."""
    cards = Claim.objects.filter(article=article, pk__in=claim_ids).select_related(*_CLAIM_JOINS)
    return list(cards.defer("search_terms").order_by("start", "id"))


def reviews_by_claim(review_ids: list[int | None]) -> dict[int, Review]:
    """The given history steps (a card's newest, from `claim_marks`) with their reviewers, by claim id."""
    rows = Review.objects.filter(pk__in=[pk for pk in review_ids if pk is not None]).select_related("reviewer")
    return {review.claim_id: review for review in rows}


def reviewers() -> QuerySet[Any]:
    """Active accounts that may take claims: the choices of every assignment control."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="review_claim")
            | Q(user_permissions__codename="review_claim")
        )
        .distinct()
        .order_by("username")
    )


def outlets(limit: int = 200) -> list[str]:
    """The outlets on the desk in name order, for the queue's outlet filter.

    A loose index scan: each step asks the outlet index for the next name after the last one, so a desk
    of 100k articles and 16 outlets costs 16 index probes (SELECT DISTINCT read every article: 96 ms).
    """
    table = connections[Article.objects.db].ops.quote_name(Article._meta.db_table)
    sql = f"""
        WITH RECURSIVE names(outlet) AS (
            SELECT MIN(outlet) FROM {table} WHERE outlet > ''
            UNION ALL
            SELECT (SELECT MIN(outlet) FROM {table} WHERE outlet > names.outlet) FROM names
            WHERE names.outlet IS NOT NULL
        )
        SELECT outlet FROM names WHERE outlet IS NOT NULL LIMIT %s
    """  # noqa: S608 - the table name is the model's own, quoted; the limit is a parameter
    with connections[Article.objects.db].cursor() as cursor:
        cursor.execute(sql, [limit])
        return [outlet for (outlet,) in cursor.fetchall()]


# Outlets a filter or search looks among by name (the queue's choices show the first 200).
OUTLETS_SEARCHED = 10_000


def outlets_named(name: str) -> list[str]:
    """The outlets spelled `name`, case aside ("kbs" is "KBS"): names the outlet index finds as they are."""
    wanted = name.casefold()
    return [outlet for outlet in outlets(limit=OUTLETS_SEARCHED) if outlet.casefold() == wanted]


def outlets_containing(fragment: str) -> list[str]:
    """The outlets whose name contains `fragment`, case aside (the admin's article search)."""
    wanted = fragment.casefold()
    return [outlet for outlet in outlets(limit=OUTLETS_SEARCHED) if wanted in outlet.casefold()]


# Search ------------------------------------------------------------------------------------------


class _MatchesTerms(Func):
    """`search_terms` as a tsvector of its own keys @@ a tsquery: the expression of the GIN index (migration 0004)."""

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        column, column_params = compiler.compile(self.source_expressions[0])
        query, query_params = compiler.compile(self.source_expressions[1])
        return (
            f"array_to_tsvector(string_to_array({column}, ' ')) @@ ({query})::tsquery",
            (*column_params, *query_params),
        )


def _tsquery(groups: tuple[terms.QueryGroup, ...]) -> str:
    def lexeme(key: str) -> str:
        # Keys hold letters and digits only (terms.normalise), so quoting needs no escapes.
        return f"'{key}':*" if terms.is_prefix_key(key) else f"'{key}'"

    return " & ".join(
        "("
        + " | ".join("(" + " & ".join(lexeme(k) for k in alternative) + ")" for alternative in group.alternatives)
        + ")"
        for group in groups
    )


def _like_filter(groups: tuple[terms.QueryGroup, ...]) -> Q:
    def has_key(key: str) -> Q:
        # " key" starts a stored key (a prefix match); " key " is the whole key.
        return Q(padded_terms__contains=f" {key}" if terms.is_prefix_key(key) else f" {key} ")

    condition = Q()
    for group in groups:
        either = Q()
        for alternative in group.alternatives:
            both = Q()
            for key in alternative:
                both &= has_key(key)
            either |= both
        condition &= either
    return condition


# A search matching at most this many claims is answered from its matches (see search_claims).
SELECTIVE_SEARCH_LIMIT = 2000


def _matching(claims: QuerySet[Claim], groups: tuple[terms.QueryGroup, ...]) -> QuerySet[Claim]:
    if connections[claims.db].vendor == "postgresql":
        return claims.filter(_MatchesTerms(F("search_terms"), Value(_tsquery(groups))))
    padded = Concat(Value(" "), "search_terms", Value(" "), output_field=TextField())
    return claims.alias(padded_terms=padded).filter(_like_filter(groups))


def search_claims(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Claims whose content words match every content word of `query`, whatever the particles or endings.

    The query is analysed by the same Kiwi adapter that indexed the claims. PostgreSQL answers from
    the GIN full-text index; SQLite matches the same stored keys with LIKE. A query without a single
    content word ("?", "을") falls back to a plain substring match of the claim text.

    One query first fetches the matches' ids, up to SELECTIVE_SEARCH_LIMIT + 1. Few matches: the page is
    taken from them (fetched through the primary key, joined, sorted). Walking the queue's score order and
    testing every row instead reads far into the table when the matches are rare near its top, and
    PostgreSQL's planner picks that walk for rare terms too because it assumes matches are spread
    evenly. The LIMIT in the subquery keeps the planner from folding it back into the walk. Past the
    limit, matches are common enough that the walk finds a page fast, and taking the page from the
    matches would make PostgreSQL scan the whole table. bench_queue.py at 100k claims, the page
    query alone: "투자할" (1,624 matches) 11 ms from the matches vs 55 ms by the walk; "정부는" (3,220)
    1 ms by the walk vs 130 ms from the matches.
    """
    groups = terms.query_groups(query)
    if not groups:
        text = unicodedata.normalize("NFC", query or "").strip().replace("\x00", "")
        return claims.filter(text__icontains=text[: terms.MAX_QUERY_CHARS]) if text else claims
    matching = _matching(Claim.objects.using(claims.db).order_by(), groups)
    matches = list(matching.values_list("pk", flat=True)[: SELECTIVE_SEARCH_LIMIT + 1])
    if len(matches) <= SELECTIVE_SEARCH_LIMIT:
        # The ids themselves, not the subquery: joined back as a subquery, PostgreSQL may hash it and scan
        # every claim to probe it; a list of ids is read through the primary key whatever the table's size.
        return claims.filter(pk__in=matches)
    return _matching(claims, groups)


def search_terms_of(query: str) -> list[str]:
    """The keys a query was reduced to, to show the reviewer what was searched for."""
    return [" + ".join(alt) for group in terms.query_groups(query) for alt in group.alternatives[:1]]


# Claim filters that need the database's own operators ---------------------------------------------


def with_type(claims: QuerySet[Claim], claim_type: str) -> QuerySet[Claim]:
    """Claims that have `claim_type` among their types.

    PostgreSQL: jsonb containment (`types @> '["quote"]'`), served by the GIN index of migration 0012 and
    estimated from the column's statistics. SQLite has no containment lookup for JSON; there the quoted
    element is found in the serialised list (quotes stop "event" matching a longer name; `claim_type` is
    one of CLAIM_TYPES, so it holds no LIKE wildcards).
    """
    if connections[claims.db].vendor == "postgresql":
        return claims.filter(types__contains=[claim_type])
    return claims.filter(types__icontains=json.dumps(claim_type))


def of_articles(claims: QuerySet[Claim], articles: QuerySet[Article]) -> QuerySet[Claim]:
    """Claims of the given articles (an outlet's, a day's uploads), in whatever order the list asks for.

    As `article IN (those articles)`, bounded below and above by their smallest and largest id: the list
    walks the claims' reading-order index from the first of them instead of from the desk's first article
    (the bounds are implied by the condition, so they change no result; they are evaluated once).
    """
    ids = articles.order_by().values("pk")
    return claims.filter(
        article_id__in=ids,
        article_id__gte=Subquery(ids.order_by("pk")[:1]),
        article_id__lte=Subquery(ids.order_by("-pk")[:1]),
    )


# A fragment this long matches anywhere in a name or title; a shorter one at the start of a word. Three
# characters is the shortest fragment a trigram index can find anywhere (Korean names are mostly three).
FRAGMENT_ANYWHERE = 3


class _LikeWords(Func):
    """`(' ' || upper(column)) LIKE upper(pattern)`: the expression of the trigram indexes (migration 0012)."""

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:
        column, column_params = compiler.compile(self.source_expressions[0])
        pattern, pattern_params = compiler.compile(self.source_expressions[1])
        return f"(' ' || upper({column}::text)) LIKE upper({pattern})", (*column_params, *pattern_params)


def containing(rows: QuerySet, field: str, fragment: str) -> QuerySet:
    """Rows whose `field` contains `fragment`, case aside ("배영훈" finds "배영훈 LG AI연구원장").

    A fragment of one or two characters matches only at the start of a word ("이" finds "이창환", not every
    name with 이 in it): anywhere, no index could find it, and it would match a good part of the desk.
    PostgreSQL answers from a trigram index over the text with a space in front (so that " 이" marks a
    word's start); SQLite matches the same with LIKE.
    """
    fragment = unicodedata.normalize("NFC", fragment).strip()
    if not fragment:
        return rows
    anywhere = len(fragment) >= FRAGMENT_ANYWHERE
    if connections[rows.db].vendor == "postgresql":
        escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%" if anywhere else f"% {escaped}%"
        return rows.filter(_LikeWords(F(field), Value(pattern)))
    if anywhere:
        return rows.filter(**{f"{field}__icontains": fragment})
    return rows.filter(Q(**{f"{field}__istartswith": fragment}) | Q(**{f"{field}__icontains": " " + fragment}))


def speaker_matches(claims: QuerySet[Claim], fragment: str) -> QuerySet[Claim]:
    """Claims whose speaker contains `fragment` (see `containing`)."""
    return containing(claims, "speaker", fragment)


def articles_titled(fragment: str) -> QuerySet[Article]:
    """Articles whose title contains `fragment` (see `containing`)."""
    return containing(Article.objects.all(), "title", fragment)


# Dashboard ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    """The desk's claims by status, each counted up to settings.LIST_COUNT_LIMIT (see BoundedCount)."""

    open: BoundedCount
    awaiting_cross_check: BoundedCount
    verified: BoundedCount
    disputed: BoundedCount
    dismissed: BoundedCount
    total: BoundedCount


def claim_status_counts(*, user: Any) -> StatusCounts:
    """Claims of the whole desk by status.

    Each is a count that stops at the limit, read off the queue index: at a year's volume, one aggregate
    over every claim cost 250–370 ms on each dashboard view, for figures nobody reads past "1,000+".
    """
    if not can_view_desk(user):
        nothing = BoundedCount(0, True)
        return StatusCounts(nothing, nothing, nothing, nothing, nothing, nothing)
    claims = Claim.objects.order_by()  # any rows will do: the queue index's status prefix finds them
    pending = claims.filter(status=Claim.Status.PENDING)
    return StatusCounts(
        open=bounded_count(pending.filter(proposal__isnull=True)),
        awaiting_cross_check=bounded_count(pending.filter(proposal__isnull=False)),
        verified=bounded_count(claims.filter(status=Claim.Status.VERIFIED)),
        disputed=bounded_count(claims.filter(status=Claim.Status.DISPUTED)),
        dismissed=bounded_count(claims.filter(status=Claim.Status.DISMISSED)),
        total=bounded_count(claims),
    )


def articles_needing_extraction(*, user: Any, limit: int = 10) -> QuerySet[Article]:
    """Articles still waiting for claims or whose extraction failed, newest first."""
    if not can_view_desk(user):
        return Article.objects.none()
    waiting = [Article.ExtractionStatus.PENDING, Article.ExtractionStatus.RUNNING, Article.ExtractionStatus.FAILED]
    return (
        Article.objects.filter(extraction_status__in=waiting)
        .only("id", "title", "extraction_status", "extraction_error", "created_at")
        .order_by("-created_at", "-id")[:limit]
    )


def my_open_claims(*, user: Any) -> QuerySet[Claim]:
    """Pending claims assigned to the user, highest score first."""
    return claim_list(user=user).filter(assignee=user, status=Claim.Status.PENDING).order_by("-score", "id")


def proposed_by_others(claims: QuerySet[Claim], user: Any) -> QuerySet[Claim]:
    """Claims whose waiting proposal someone other than `user` made: the ones `user` may cross-check."""
    return claims.filter(proposal__isnull=False).exclude(proposal__reviewer=user)


def claims_awaiting_my_cross_check(*, user: Any) -> QuerySet[Claim]:
    """Proposals by other reviewers that the user may confirm or reject, oldest proposal first.

    Oldest by the proposal's id: history rows are only ever added, so ids run in the order they were made,
    and the claims' unique proposal index then yields the page in order (ordering by the proposal's
    created_at joined and sorted every waiting proposal: 690 ms with 21k waiting).
    """
    if not roles.is_reviewer(user):
        return Claim.objects.none()
    return proposed_by_others(claim_list(user=user), user).order_by("proposal_id")


def my_recent_reviews(*, user: Any, limit: int = 10) -> QuerySet[Review]:
    if not can_view_desk(user):
        return Review.objects.none()
    return (
        Review.objects.filter(reviewer=user)
        .select_related("claim__article")
        .defer("claim__article__body")
        .order_by("-created_at", "-id")[:limit]
    )


# Notifications -----------------------------------------------------------------------------------


def notifications_of(*, user: Any) -> QuerySet[Notification]:
    """The user's own notifications, newest first (nobody sees anyone else's)."""
    if not (user and user.is_authenticated):
        return Notification.objects.none()
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor", "article", "claim")
        .defer("article__body")
        .order_by("-created_at", "-id")
    )


def unread_notification_count(*, user: Any) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
