"""Query-string filters of the list endpoints; they narrow querysets the selectors already scoped."""

from __future__ import annotations

import json

import django_filters
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from factcheck.extraction.types import CLAIM_TYPES
from factcheck.models import Article, Claim


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ties (many claims share a score) are broken by id, so pages neither repeat nor skip rows."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """An integer id (NumberFilter alone would be documented as a float)."""


class ArticleFilter(django_filters.FilterSet):
    extraction_status = django_filters.ChoiceFilter(choices=Article.ExtractionStatus.choices)
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="제목 검색")

    class Meta:
        model = Article
        fields = ["extraction_status", "q"]


class ClaimFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices)
    article = IdFilter(field_name="article_id", label="기사 id")
    type = django_filters.ChoiceFilter(choices=[(t, t) for t in CLAIM_TYPES], method="filter_type", label="주장 유형")
    min_score = django_filters.NumberFilter(field_name="score", lookup_expr="gte", label="최소 점수")
    is_stale = django_filters.BooleanFilter()
    speaker = django_filters.CharFilter(field_name="speaker", label="발화자")
    ordering = StableOrderingFilter(fields=(("score", "score"), ("start", "start"), ("created_at", "created_at")))

    class Meta:
        model = Claim
        fields = ["status", "article", "type", "min_score", "is_stale", "speaker"]

    def filter_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # `types__contains=[value]` is PostgreSQL-only (SQLite raises NotSupportedError). Matching the
        # JSON-quoted element inside the serialised list works on both: quotes stop "event" matching
        # a longer name, and `value` is one of CLAIM_TYPES, so it holds no LIKE wildcards or quotes.
        return queryset.filter(types__icontains=json.dumps(value))
