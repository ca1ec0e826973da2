"""Query-string filters of the article and claim lists, shared by the API and the review queue page.

They narrow querysets the selectors already scoped to the user; one definition means the queue page
and `GET /api/claims/` accept exactly the same filters with the same meaning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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

    def to_python(self, value: Any) -> int | None:
        # Digits only: Django's IntegerField would also read "7.0" and " 7 " as 7.
        if isinstance(value, str) and value and not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IdFilter(django_filters.NumberFilter):
    field_class = IdField


# `me`, `none` or a user id (digits, no leading zero, at most 18 so that it fits any database's integer).
PERSON_PATTERN = r"^(?:me|none|[1-9][0-9]{0,17})$"


class PersonField(forms.CharField):
    """`me`, `none`, or a user id: exactly PERSON_PATTERN, which the schema shows."""

    default_error_messages = {"invalid": _("Enter me, none or a user id (a number).")}

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("strip", False)  # " me" is not what the pattern allows
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str | int | None:
        value = super().clean(value)
        if value in ("", None):
            return None
        if not re.match(PERSON_PATTERN, value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value if value in ("me", "none") else int(value)


class PersonFilter(django_filters.Filter):
    field_class = PersonField


class StrictBooleanField(forms.Field):
    """`true` or `false` (any case); empty is no filter. Anything else is a 400, not every row."""

    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        lowered = str(value).lower()
        if lowered not in ("true", "false"):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return lowered == "true"


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ScoreField(forms.FloatField):
    """A check-worthiness score: a finite number from 0 to 1 (1e252 is a 400, not a database overflow)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 1)
        super().__init__(**kwargs)


class ScoreFilter(django_filters.NumberFilter):
    field_class = ScoreField


def documented_as(openapi_type: str, filter_: django_filters.Filter, **schema: Any) -> django_filters.Filter:
    """Tell the OpenAPI schema a filter's real type, keeping its help_text as the description.

    Needed where the type cannot be read off a model field: an id (NumberFilter would say "float"),
    `me`/`none`/id (the model field would say "integer"), a score's bounds.
    """
    described = {"type": openapi_type, **schema, "description": filter_.extra.get("help_text", "")}
    return extend_schema_field(described)(filter_)


def _start_of_day(day: dt.date) -> dt.datetime:
    """Midnight of `day` in the desk's time zone: "uploaded on the 3rd" means the newsroom's 3rd."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class ArticleFilter(django_filters.FilterSet):
    extraction_status = django_filters.ChoiceFilter(
        choices=Article.ExtractionStatus.choices, help_text=_("Claim extraction status")
    )
    q = django_filters.CharFilter(
        field_name="title",
        lookup_expr="icontains",
        label=_("Title search"),
        help_text=_("Articles whose title contains this text"),
    )

    class Meta:
        model = Article
        fields = ["extraction_status", "q"]


PROPOSAL_CHOICES = [
    ("none", _("Not awaiting cross-check")),
    ("any", _("Awaiting cross-check")),
    ("to_check", _("Proposals for me to cross-check")),
    ("mine", _("My proposals (awaiting cross-check)")),
]

ORDERING_FIELDS = (("score", "score"), ("start", "start"), ("created_at", "created_at"))


class ClaimFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search terms"),
        help_text=_("Search the claim sentences, by morpheme: a word followed by a particle also finds the bare word."),
    )
    status = django_filters.ChoiceFilter(
        choices=Claim.Status.choices,
        label=_("Status"),
        help_text=_("The final status. A claim with a proposal awaiting cross-check is pending."),
    )
    type = django_filters.ChoiceFilter(
        choices=[(t, t) for t in CLAIM_TYPES],
        method="filter_type",
        label=_("Claim type"),
        help_text=_("Claims with that type (a claim can have several types)"),
    )
    article = documented_as(
        "integer",
        IdFilter(field_name="article_id", label=_("Article id"), help_text=_("Only this article's claims")),
        minimum=1,
        maximum=MAX_ID,
    )
    outlet = django_filters.CharFilter(
        method="filter_outlet", label=_("Outlet"), help_text=_("The article's outlet name (exact match)")
    )
    speaker = django_filters.CharFilter(
        method="filter_speaker",
        label=_("Speaker"),
        help_text=_(
            "Part of the name is enough: a name also finds the speaker with a title after it. One or two "
            "characters match the start of a word."
        ),
    )
    uploaded_after = django_filters.DateFilter(
        method="filter_uploaded_after",
        label=_("Uploaded from"),
        help_text=_("Articles uploaded on or after this day (YYYY-MM-DD, Seoul time)"),
    )
    uploaded_before = django_filters.DateFilter(
        method="filter_uploaded_before",
        label=_("Uploaded until"),
        help_text=_("Articles uploaded on or before this day (YYYY-MM-DD, Seoul time)"),
    )
    assignee = documented_as(
        "string",
        PersonFilter(method="filter_assignee", label=_("Assignee"), help_text=_("me, none or a user id")),
        pattern=PERSON_PATTERN,
    )
    proposal = django_filters.ChoiceFilter(
        choices=PROPOSAL_CHOICES,
        method="filter_proposal",
        label=_("Cross-check"),
        help_text=_(
            "none: no proposal · any: a proposal awaiting cross-check · to_check: another reviewer's proposal · "
            "mine: my proposal"
        ),
    )
    reviewed_by = documented_as(
        "string",
        PersonFilter(
            method="filter_reviewed_by",
            label=_("Reviewed by"),
            help_text=_(
                "me, a user id, or none (claims nobody has reviewed): claims with a review step by that person"
            ),
        ),
        pattern=PERSON_PATTERN,
    )
    has_quantity = StrictBooleanFilter(
        method="filter_has_quantity",
        label=_("Has a quantity"),
        help_text=_("true: claims with at least one normalized quantity"),
    )
    min_score = documented_as(
        "number",
        ScoreFilter(
            field_name="score",
            lookup_expr="gte",
            label=_("Minimum score"),
            help_text=_("Check-worthiness score at least this value (0–1)"),
        ),
        minimum=0,
        maximum=1,
    )
    is_stale = StrictBooleanFilter(
        label=_("From an earlier extraction"),
        help_text=_("true: claims no longer in the latest extraction, kept because they have a review history"),
    )
    ordering = StableOrderingFilter(
        fields=ORDERING_FIELDS,
        label=_("Sort by"),
        help_text=_("-score (the review queue), score, created_at, -created_at, start, -start. Ties in id order"),
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    def _user(self) -> Any:
        return getattr(self.request, "user", None)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.search_claims(queryset, value) if value.strip() else queryset

    def filter_type(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.with_type(queryset, value)

    def filter_outlet(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = unicodedata.normalize("NFC", value).strip()
        if not value:
            return queryset
        return selectors.of_articles(queryset, Article.objects.filter(outlet__in=selectors.outlets_named(value)))

    def filter_speaker(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return selectors.speaker_matches(queryset, value)

    def filter_uploaded_after(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        return selectors.of_articles(queryset, Article.objects.filter(created_at__gte=_start_of_day(value)))

    def filter_uploaded_before(self, queryset: QuerySet, name: str, value: dt.date) -> QuerySet:
        next_day = _start_of_day(value + dt.timedelta(days=1))
        return selectors.of_articles(queryset, Article.objects.filter(created_at__lt=next_day))

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
    unread = StrictBooleanFilter(
        field_name="read_at",
        lookup_expr="isnull",
        label=_("Unread only"),
        help_text=_("true: unread notifications only"),
    )

    class Meta:
        model = Notification
        fields = ["unread"]


def accepted_parameters(filterset_class: type[django_filters.FilterSet]) -> set[str]:
    """The query parameters a FilterSet reads (its filter names)."""
    return set(filterset_class.base_filters)
