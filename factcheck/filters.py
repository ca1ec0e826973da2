"""Query-string filters of the article and claim lists, shared by the API and the review queue page.

They narrow querysets the selectors already scoped to the user; one definition means the queue page
and `GET /api/claims/` accept exactly the same filters with the same meaning.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field

from factcheck import selectors
from factcheck.extraction.types import CLAIM_TYPES
from factcheck.models import Article, Claim, Notification, Review

# Widest ids any backend stores (PostgreSQL bigint); a larger number would be a database error, not "no rows".
MAX_ID = 2**63 - 1


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ties (many claims share a score) are broken by id, so pages neither repeat nor skip rows."""

    def filter(self, qs: QuerySet, value: list[str] | None) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "id")
        return qs


class IdField(forms.IntegerField):
    def __init__(self, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdFilter(django_filters.NumberFilter):
    field_class = IdField


class PersonField(forms.CharField):
    """`me`, `none`, or a user id."""

    default_error_messages = {"invalid": "me, none 또는 사용자 id(숫자)를 입력해 주세요."}

    def clean(self, value: Any) -> str | int | None:
        value = super().clean(value)
        if value in ("", None):
            return None
        value = value.strip().lower()
        if value in ("me", "none"):
            return value
        if value.isdigit() and 0 < int(value) <= MAX_ID:
            return int(value)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class PersonFilter(django_filters.Filter):
    field_class = PersonField


def documented_as(openapi_type: str, filter_: django_filters.Filter) -> django_filters.Filter:
    """Tell the OpenAPI schema a filter's real type, keeping its help_text as the description.

    Needed where the type cannot be read off a model field: an id (NumberFilter would say "float"),
    `me`/`none`/id (the model field would say "integer").
    """
    return extend_schema_field({"type": openapi_type, "description": filter_.extra.get("help_text", "")})(filter_)


def _start_of_day(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the desk's time zone: "uploaded on the 3rd" means the newsroom's 3rd."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ArticleFilter(django_filters.FilterSet):
    extraction_status = django_filters.ChoiceFilter(
        choices=Article.ExtractionStatus.choices, help_text="주장 추출 상태"
    )
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label="제목 검색", help_text="제목에 이 글자가 들어간 기사"
    )

    class Meta:
        model = Article
        fields = ["extraction_status", "q"]


PROPOSAL_CHOICES = [
    ("none", "교차 확인 대기 없음"),
    ("any", "교차 확인 대기"),
    ("to_check", "내가 교차 확인할 제안"),
    ("mine", "내 제안 (교차 확인 대기)"),
]

ORDERING_FIELDS = (("score", "score"), ("start", "start"), ("created_at", "created_at"))


class ClaimFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label="검색어",
        help_text="주장 문장 검색. 형태소 단위로 찾습니다: '파라미터를'과 '파라미터가'는 '파라미터'를 찾습니다.",
    )
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices,
        label="상태",
        help_text="확정된 상태. 교차 확인을 기다리는 제안이 있는 주장은 pending입니다.",
    )
    type = django_filters.ChoiceFilter(
        choices=[(t, t) for t in CLAIM_TYPES],
        method="filter_type",
        label="주장 유형",
        help_text="그 유형이 붙은 주장 (한 주장에 여러 유형이 붙을 수 있음)",
    )
    article = documented_as("integer", IdFilter(field_name="article_id", label="기사 id", help_text="이 기사의 주장만"))
    outlet = django_filters.CharFilter(method="filter_outlet", label="매체", help_text="기사 매체 이름 (정확히 일치)")
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label="발화자",
        help_text="일부만 맞아도 찾습니다: '배영훈'은 '배영훈 LG AI연구원장'을 찾습니다.",
    )
    uploaded_after = django_filters.DateFilter(
        method="filter_uploaded_after", label="등록일 시작", help_text="이날(YYYY-MM-DD, 서울 시각)부터 등록된 기사"
    )
    uploaded_before = django_filters.DateFilter(
        method="filter_uploaded_before", label="등록일 끝", help_text="이날(YYYY-MM-DD, 서울 시각)까지 등록된 기사"
    )
    assignee = documented_as(
        "string", PersonFilter(method="filter_assignee", label="담당자", help_text="me, none 또는 사용자 id")
    )
    proposal = django_filters.ChoiceFilter(
        choices=PROPOSAL_CHOICES,
        method="filter_proposal",
        label="교차 확인",
        help_text="none: 제안 없음 · any: 제안이 교차 확인 대기 중 · to_check: 다른 검토자의 제안 · mine: 내 제안",
    )
    reviewed_by = documented_as(
        "string",
        PersonFilter(
            method="filter_reviewed_by",
            label="검토한 사람",
            help_text="me, 사용자 id, 또는 none(아무도 검토하지 않은 주장): 그 사람의 검토 기록이 있는 주장",
        ),
    )
    has_quantity = django_filters.BooleanFilter(
        method="filter_has_quantity", label="수치 포함", help_text="true: 정규화된 수치가 하나 이상 있는 주장"
    )
    min_score = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", label="최소 점수", help_text="검증 가치 점수가 이 값(0–1) 이상"
    )
    is_stale = django_filters.BooleanFilter(
        label="이전 추출 결과", help_text="true: 재추출 결과에 더 이상 없지만 검토 기록이 있어 보존된 주장"
    )
    ordering = StableOrderingFilter(
        fields=ORDERING_FIELDS,
        label="정렬",
        help_text="-score(검토 대기열), score, created_at, -created_at, start, -start. 같은 값은 id 순",
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def _user(self) -> Any:
        return getattr(self.request, "user", None)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.search_claims(queryset, value) if value.strip() else queryset

    def filter_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # `types__contains=[value]` is PostgreSQL-only (SQLite raises NotSupportedError). Matching the
        # JSON-quoted element inside the serialised list works on both: quotes stop "event" matching
        # a longer name, and `value` is one of CLAIM_TYPES, so it holds no LIKE wildcards or quotes.
        return queryset.filter(types__icontains=json.dumps(value))

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = unicodedata.normalize("NFC", value).strip()
        return queryset.filter(article__outlet__iexact=value) if value else queryset

    def filter_speaker(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = unicodedata.normalize("NFC", value).strip()
        return queryset.filter(speaker__icontains=value) if value else queryset

    def filter_uploaded_after(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(article__created_at__gte=_start_of_day(value))

    def filter_uploaded_before(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return queryset.filter(article__created_at__lt=_start_of_day(value + dt.timedelta(days=1)))

    def filter_assignee(self, queryset: QuerySet, name: str, value: str | int) -> QuerySet:
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if value == "me":
            return queryset.filter(assignee=self._user())
        return queryset.filter(assignee_id=value)

    def filter_proposal(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "none":
            return queryset.filter(proposal__isnull=True)
        if value == "any":
            return queryset.filter(proposal__isnull=False)
        if value == "mine":
            return queryset.filter(proposal__reviewer=self._user())
        return selectors.proposed_by_others(queryset, self._user())

    def filter_reviewed_by(self, queryset: QuerySet, name: str, value: str | int) -> QuerySet:
        if value == "none":
            return queryset.filter(reviews__isnull=True)
        reviewer_id = self._user().pk if value == "me" else value
        return queryset.filter(pk__in=Review.objects.filter(reviewer_id=reviewer_id).values("claim_id"))

    def filter_has_quantity(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.exclude(quantities=[]) if value else queryset.filter(quantities=[])


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="읽지 않은 알림만", help_text="true: 읽지 않은 알림만"
    )

    class Meta:
        model = Notification
        fields = ["unread"]


def accepted_parameters(filterset_class: type[django_filters.FilterSet]) -> set[str]:
    """The query parameters a FilterSet reads (its filter names)."""
    return set(filterset_class.base_filters)
