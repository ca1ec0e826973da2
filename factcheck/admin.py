"""The admin is the staff's tool for looking things up and fixing article metadata.

It never records or rewrites a verdict: reviews and sources are append-only evidence, added only
through the review services (the desk pages and the API). Extracted claim fields and statuses are
read-only here for the same reason: a status without a review row would be an unaudited verdict.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.validators import URLValidator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from factcheck import limits, selectors, services
from factcheck.models import ApiToken, Article, Claim, Correction, Notification, Review, Source
from factcheck.pagination import BoundedPaginator

admin.site.site_header = _("Fact-check desk administration")
admin.site.site_title = _("Fact-check desk administration")
admin.site.index_title = _("Administration")


class ReadOnlyAdminMixin:
    """View-only for everyone, superusers included."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


CLAIM_FIELDS = ("text", "start", "end", "score", "status", "is_stale", "speaker", "assignee", "version")


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = CLAIM_FIELDS
    readonly_fields = CLAIM_FIELDS
    ordering = ("start", "id")
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ArticleAdminForm(forms.ModelForm):
    url = forms.URLField(label=_("Original URL"), max_length=limits.ARTICLE_URL, required=False, assume_scheme="https")

    class Meta:
        model = Article
        fields = ("title", "outlet", "byline", "published_at", "url")

    def clean_url(self) -> str:
        # The model's URLField also accepts ftp://; the desk only links to web pages.
        url = self.cleaned_data["url"]
        if url:
            URLValidator(
                schemes=["http", "https"], message=gettext("The original URL must be an http:// or https:// address.")
            )(url)
        return url


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    paginator = BoundedPaginator  # counts up to settings.LIST_COUNT_LIMIT, then "1000+"
    form = ArticleAdminForm
    list_display = ("title", "outlet", "extraction_status", "claim_count", "created_at", "uploaded_by")
    list_filter = ("extraction_status", "outlet", "created_at")
    # Title and outlet (get_search_results), not the body: a substring scan of every article's full text is
    # seconds at a year's volume; the desk's claim search finds text by morpheme.
    search_fields = ("title",)
    search_help_text = _("Part of the title or the outlet's name. One or two characters match the start of a word.")
    list_select_related = ("uploaded_by",)
    show_full_result_count = False  # "N results (M total)" would count every article on each page
    # No date_hierarchy: its year links read every article's date (70 ms at 100k); the date filter stays.
    readonly_fields = (
        "body",
        "content_hash",
        "source_format",
        "language",
        "uploaded_by",
        "extraction_status",
        "extraction_error",
        "extraction_owner",
        "extraction_attempts",
        "extraction_started_at",
        "extraction_heartbeat_at",
        "extractor_version",
        "extracted_at",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("title", "outlet", "byline", "published_at", "url")}),
        (_("Body"), {"fields": ("body", "content_hash", "source_format", "language", "uploaded_by")}),
        (
            _("Claim extraction"),
            {
                "fields": (
                    "extraction_status",
                    "extraction_error",
                    ("extraction_owner", "extraction_attempts"),
                    ("extraction_started_at", "extraction_heartbeat_at"),
                    "extractor_version",
                    "extracted_at",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )
    inlines = [ClaimInline]

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Article], search_term: str):
        """Titles from their trigram index, outlets by name from the outlet index (an OR of both indexes)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        titled = selectors.articles_titled(term).values("pk")
        return queryset.filter(Q(pk__in=titled) | Q(outlet__in=selectors.outlets_containing(term))), False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("body").annotate(claim_count=selectors.claim_count())

    @admin.display(description=_("Number of claims"))
    def claim_count(self, obj: Article) -> Any:
        url = reverse("admin:factcheck_claim_changelist") + f"?{ArticleFilter.parameter_name}={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.claim_count)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Articles enter through upload (duplicate check + extraction), on the desk or the API.
        return False

    def save_model(self, request: HttpRequest, obj: Article, form: forms.ModelForm, change: bool) -> None:
        services.update_article_metadata(user=request.user, article=obj, **form.cleaned_data)


class ArticleFilter(admin.SimpleListFilter):
    """The claims of one article, reached from the article list's claim count: it never lists every article
    (100k titles and bodies on every claim page at a year's volume), only the one chosen."""

    title = _("article")
    parameter_name = "article"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # The admin applies only filters that offer a choice: offer the chosen one, found or not.
        value = self.value()
        if value is None:
            return []
        article = Article.objects.filter(pk=int(value)).only("title").first() if value.isdigit() else None
        return [(value, article.title if article else gettext("No such article"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(article_id=int(value)) if value.isdigit() else queryset.none()


class AssigneeFilter(admin.SimpleListFilter):
    """The desk's reviewers (a few dozen people), not a DISTINCT over every claim's assignee."""

    title = _("assignee")
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(user.pk), user.get_username()) for user in selectors.reviewers()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(assignee_id=int(value)) if value.isdigit() else queryset.none()


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    paginator = BoundedPaginator  # counts up to settings.LIST_COUNT_LIMIT, then "1000+"
    list_display = ("short_text", "article", "score", "status", "awaiting_cross_check", "assignee", "speaker")
    list_filter = ("status", "is_stale", "origin", AssigneeFilter, ArticleFilter)
    show_full_result_count = False  # "N results (M total)" would count a million claims on each page
    ordering = ("-id",)  # newest first, read off the primary key (a search's matches are not sorted)
    # Searched by get_search_results below (morphemes of the text); listed so the admin shows a search box.
    search_fields = ("text",)
    search_help_text = _(
        "Claim sentences are searched by morpheme: a word with a particle also finds the bare word. Speakers and "
        "article titles match on part of the text."
    )
    list_select_related = ("article", "assignee", "proposal__reviewer")
    readonly_fields = (
        "article",
        *CLAIM_FIELDS,
        "proposal",
        "assigned_at",
        "origin",
        "corrected_at",
        "sentence_index",
        "types",
        "quantities",
        "dates",
        "evidence",
        "created_at",
        "updated_at",
    )
    fields = readonly_fields

    @admin.display(description=_("Claim sentence"))
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 60 else obj.text[:60] + "…"

    @admin.display(description=_("Awaiting cross-check"))
    def awaiting_cross_check(self, obj: Claim) -> str:
        proposal = obj.proposal
        return f"{proposal.get_verdict_display()} · {proposal.reviewer.get_username()}" if proposal else "—"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).defer("article__body")

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Claim], search_term: str):
        """The desk's Korean-aware search for the text (the same as the queue and the API), plus speaker and title."""
        term = search_term.strip()
        if not term:
            return queryset, False
        # One set of ids per condition, each found by its own index, joined by UNION: an OR of the three
        # conditions cannot use any index, and PostgreSQL read every claim (1.1 s at 1M claims). UNION ALL: IN
        # ignores repeats, so they need not be removed first.
        claims = Claim.objects.order_by()
        by_words = selectors.search_claims(claims, term).values("pk")
        by_speaker = selectors.speaker_matches(claims, term).values("pk")
        by_title = claims.filter(article__in=selectors.articles_titled(term).order_by()).values("pk")
        return queryset.filter(pk__in=by_words.union(by_speaker, by_title, all=True)), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Statuses change only with a review row (services.record_review); extraction owns the rest.
        return False


class SourceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Source
    fields = ("title", "url", "publisher", "excerpt", "accessed_at")
    readonly_fields = fields
    extra = 0


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    paginator = BoundedPaginator  # counts up to settings.LIST_COUNT_LIMIT, then "1000+"
    list_display = ("claim", "action", "verdict", "reviewer", "claim_version", "created_at")
    list_filter = ("action", "verdict", "created_at")
    search_fields = ("note", "claim__text", "reviewer__username")
    list_select_related = ("claim", "reviewer")
    fields = ("claim", "action", "verdict", "responds_to", "reviewer", "note", "claim_version", "created_at")
    readonly_fields = fields
    inlines = [SourceInline]


@admin.register(Source)
class SourceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "publisher", "url", "review", "accessed_at")
    search_fields = ("title", "publisher", "url", "excerpt")
    list_select_related = ("review", "review__claim")
    fields = ("review", "title", "url", "publisher", "excerpt", "accessed_at")
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the desk told whom; read-only (members mark their own notifications read on the desk)."""

    list_display = ("recipient", "kind", "message", "created_at", "read_at")
    list_filter = ("kind", ("recipient", admin.RelatedOnlyFieldListFilter), "created_at")
    list_select_related = ("recipient", "actor", "article")
    fields = ("recipient", "kind", "actor", "article", "claim", "claim_count", "note", "created_at", "read_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notification]:
        return super().get_queryset(request).defer("article__body")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """People's corrections of the machine's cut: append-only, made on the desk's pages and API."""

    list_display = ("article", "action", "actor", "created_at")
    list_filter = ("action", "created_at")
    list_select_related = ("article", "actor")
    fields = ("article", "action", "actor", "before", "after", "created_at")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Correction]:
        return super().get_queryset(request).defer("article__body")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every account's API tokens, to see what is out there and revoke (delete) any of them.

    A token is made by its owner (the "API tokens" page or POST /api/auth/token/), where its key can be
    shown once; here there is no key to show, only its first characters.
    """

    list_display = ["name", "user", "scope", "token_key", "created", "expiry", "last_used_at"]
    list_filter = ["scope"]
    search_fields = ["name", "user__username", "token_key"]
    list_select_related = ["user"]
    fields = ["name", "user", "scope", "token_key", "created", "expiry", "last_used_at"]
    readonly_fields = fields
    ordering = ["-created"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
