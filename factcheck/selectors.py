"""Every read with joins, scoped to what the user may see.

Newsroom staff in the Editors or Reviewers group (and staff users) see every article of the desk;
a signed-in account without a role sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from factcheck.models import Article, Claim, Review, Source


def can_view_desk(user: Any) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("factcheck.view_article"))


def article_list(*, user: Any) -> QuerySet[Article]:
    if not can_view_desk(user):
        return Article.objects.none()
    # Explicit order: Django drops Meta.ordering on aggregated querysets, and pages must be stable.
    return (
        Article.objects.select_related("uploaded_by")
        .annotate(
            claim_count=Count("claims", distinct=True),
            open_claim_count=Count("claims", filter=Q(claims__status=Claim.Status.PENDING), distinct=True),
        )
        .order_by("-created_at", "-id")
    )


def reviews_with_sources() -> QuerySet[Review]:
    return Review.objects.select_related("reviewer").prefetch_related(
        Prefetch("sources", queryset=Source.objects.order_by("id"))
    )


def claim_list(*, user: Any) -> QuerySet[Claim]:
    if not can_view_desk(user):
        return Claim.objects.none()
    return Claim.objects.select_related("article")


def claim_detail_queryset(*, user: Any) -> QuerySet[Claim]:
    return claim_list(user=user).prefetch_related(Prefetch("reviews", queryset=reviews_with_sources()))


def article_detail_queryset(*, user: Any) -> QuerySet[Article]:
    claims = Claim.objects.order_by("start", "id").prefetch_related(
        Prefetch("reviews", queryset=reviews_with_sources())
    )
    return article_list(user=user).prefetch_related(Prefetch("claims", queryset=claims))
