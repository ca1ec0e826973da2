from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from factcheck import fetch
from factcheck.models import Source


class Snapshot(models.Model):
    """A source's page as the archiver fetched it right after the verdict: title, main text, hash.

    One per source, written once: an archived snapshot is never fetched again, so it keeps showing what
    the page said when the reviewer cited it even after the page changes or disappears.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Archiving")
        ARCHIVED = "archived", _("Archived")
        REFUSED = "refused", _("Not archived")
        FAILED = "failed", _("Archiving failed")

    class Reason(models.TextChoices):
        # The codes of factcheck.fetch (tests check both lists agree), plus the archiver's own.
        SCHEME_NOT_ALLOWED = fetch.SCHEME_NOT_ALLOWED, _("not an http or https address")
        ADDRESS_NOT_ALLOWED = fetch.ADDRESS_NOT_ALLOWED, _("internal or private network address")
        INVALID_URL = fetch.INVALID_URL, _("invalid address")
        TOO_MANY_REDIRECTS = fetch.TOO_MANY_REDIRECTS, _("too many redirects")
        TIMEOUT = fetch.TIMEOUT, _("the site did not answer in time")
        TOO_LARGE = fetch.TOO_LARGE, _("the page is too large")
        NAME_NOT_RESOLVED = fetch.NAME_NOT_RESOLVED, _("the domain was not found")
        CONNECTION_FAILED = fetch.CONNECTION_FAILED, _("could not connect to the site")
        TLS_ERROR = fetch.TLS_ERROR, _("the site's certificate is not valid")
        HTTP_ERROR = fetch.HTTP_ERROR, _("the site answered with an error")
        UNSUPPORTED_ENCODING = fetch.UNSUPPORTED_ENCODING, _("unsupported compression")
        UNREADABLE = fetch.UNREADABLE, _("the page could not be read")
        UNEXPECTED_ERROR = "unexpected_error", _("unexpected error")

    source = models.OneToOneField(
        Source,
        verbose_name=_("source"),
        # Sources are append-only history (their review is PROTECTed too); so is their evidence.
        on_delete=models.PROTECT,
        related_name="snapshot",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices, blank=True)
    detail = models.TextField(_("detail"), blank=True, help_text=_("What the archiver saw, for the staff"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True)
    final_url = models.CharField(_("final URL"), max_length=2000, blank=True, help_text=_("After redirects"))
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    title = models.CharField(_("page title"), max_length=300, blank=True)
    text = models.TextField(_("page text"), blank=True, help_text=_("The page's main text, as extracted"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, help_text=_("Of the whole body fetched"))
    # Bytes, not text: exactly what was served (any charset, NULs included); never rendered as HTML.
    raw_html = models.BinaryField(_("raw HTML"), blank=True, default=b"", editable=False)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence snapshot")
        verbose_name_plural = _("evidence snapshots")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "archived", "refused", "failed"]), name="snapshot_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="archived") | (Q(fetched_at__isnull=False) & ~Q(sha256="")),
                name="snapshot_archived_has_hash",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="snapshot_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.source}"

    def get_absolute_url(self) -> str:
        return reverse("web:source-snapshot", args=[self.source_id])
