"""Snapshots are evidence: read-only in the admin, like the sources they belong to."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from factcheck.admin import ReadOnlyAdminMixin
from factcheck.evidence.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("source", "status", "reason", "http_status", "fetched_at", "attempts")
    list_filter = ("status", "reason", "fetched_at")
    search_fields = ("source__url", "source__title", "final_url", "title", "sha256")
    list_select_related = ("source",)
    # raw_html is never shown: it is hostile markup, and the admin would have to render it somewhere.
    fields = (
        "source", "status", "reason", "detail", "attempts", "fetched_at", "final_url", "http_status",
        "content_type", "title", "sha256", "text", "created_at",
    )  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Snapshot]:
        return super().get_queryset(request).defer("raw_html", "text")
