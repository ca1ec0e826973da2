"""Reads of evidence snapshots, scoped like the claims they back."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from factcheck import selectors
from factcheck.evidence.models import Snapshot


def snapshot_page_queryset(*, user: Any) -> QuerySet[Snapshot]:
    """Snapshots whose claim the user may see, with the source, its review and the claim's article."""
    visible_claims = selectors.claim_list(user=user).values("pk")
    return (
        Snapshot.objects.filter(source__review__claim__in=visible_claims)
        .select_related("source__review__claim__article", "source__review__reviewer")
        .defer("raw_html", "source__review__claim__article__body", "source__review__claim__search_terms")
    )
