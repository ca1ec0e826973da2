"""Articles, the claims extracted from them, and the append-only verdict history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class Article(models.Model):
    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Extracting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), help_text=_("The NFC text exactly as uploaded. It is never edited."))
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    url = models.URLField(_("original URL"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=10, default="ko")
    content_hash = models.CharField(
        _("body hash"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_(
            "SHA-256 of the body ignoring whitespace and zero-width characters: "
            "stops the same article being uploaded twice."
        ),
    )
    source_format = models.CharField(_("upload format"), max_length=10, default="text", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_articles",
    )
    extraction_status = models.CharField(
        _("extraction status"), max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_error = models.TextField(_("extraction error"), blank=True)
    # The extraction lease: a worker that takes the article stamps its run, renews the heartbeat while Kiwi
    # works, and the sweep (services.extraction.requeue_expired_extractions) re-queues a run whose heartbeat
    # stopped, as when a worker is killed mid-task, until the attempts run out.
    extraction_owner = models.CharField(
        _("extraction run"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_("The worker run that holds the extraction: its host, process and a run id."),
    )
    extraction_attempts = models.PositiveSmallIntegerField(
        _("extraction attempts"), default=0, editable=False, help_text=_("Runs started since the last request.")
    )
    extraction_started_at = models.DateTimeField(_("extraction started at"), null=True, blank=True, editable=False)
    extraction_heartbeat_at = models.DateTimeField(
        _("extraction last alive at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Renewed while the extraction runs; a run silent for longer than the lease is re-queued."),
    )
    extractor_version = models.CharField(_("extractor version"), max_length=20, blank=True)
    extracted_at = models.DateTimeField(_("extracted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-created_at", "-id"]
        permissions = [("run_extraction", _("Can re-run claim extraction"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(extraction_status__in=["pending", "running", "done", "failed"]),
                name="article_extraction_status_valid",
            )
        ]
        indexes = [
            # Every article list, newest first: the page's rows are read off the index, not sorted.
            models.Index(fields=["created_at", "id"], name="article_newest_idx"),
            # The outlet choices of the queue (selectors.outlets walks it name by name) and the admin search.
            models.Index(fields=["outlet"], name="article_outlet_idx"),
            # The sweep's question, "which running extractions have gone silent?", reads only running rows.
            models.Index(
                fields=["extraction_heartbeat_at"],
                condition=Q(extraction_status="running"),
                name="article_running_heartbeat_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:article-detail", args=[self.pk])


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        VERIFIED = "verified", _("Verified")
        DISPUTED = "disputed", _("Disputed")
        DISMISSED = "dismissed", _("Not a claim")

    class Origin(models.TextChoices):
        EXTRACTOR = "extractor", _("Extracted automatically")
        MANUAL = "manual", _("Added by hand")

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="claims")
    text = models.TextField(_("claim text"))
    start = models.PositiveIntegerField(_("start offset"), help_text=_("Character offset in article.body"))
    end = models.PositiveIntegerField(_("end offset"))
    sentence_index = models.PositiveIntegerField(_("sentence number"))
    score = models.FloatField(_("check-worthiness score"))
    types = models.JSONField(_("claim types"), default=list, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, null=True, blank=True)  # noqa: DJ001 - null: no speaker
    quantities = models.JSONField(_("quantities"), default=list, blank=True)
    dates = models.JSONField(_("date mentions"), default=list, blank=True)
    evidence = models.JSONField(_("score evidence"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    is_stale = models.BooleanField(
        _("from an earlier extraction"),
        default=False,
        help_text=_("A claim kept for its review history although re-extraction no longer finds its sentence"),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        help_text=_("Optimistic-locking counter that stops simultaneous reviews from overwriting each other"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    proposal = models.OneToOneField(
        "Review",
        verbose_name=_("proposal awaiting cross-check"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "A verified/disputed proposal waiting for a second reviewer's confirmation. Once confirmed, status changes."
        ),
    )
    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=Origin.choices,
        default=Origin.EXTRACTOR,
        help_text=_(
            "Whether the extractor found the claim, or a person picked it from the body (or made it by a split)"
        ),
    )
    corrected_at = models.DateTimeField(
        _("corrected by a person at"),
        null=True,
        blank=True,
        help_text=_("A claim a person split, merged or re-spanned: re-extraction does not change its span."),
    )
    search_terms = models.TextField(
        _("search terms"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "The content morphemes of the claim text (NFKC, lower case) joined by spaces: "
            "search finds the claim whatever its particles and endings."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["article_id", "start", "id"]
        permissions = [
            ("review_claim", _("Can record verified/disputed verdicts")),
            ("dismiss_claim", _("Can dismiss a claim as not a claim")),
            ("assign_claim", _("Can assign claims to reviewers")),
            ("correct_claim", _("Can split, merge, re-span and add claims")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="claim_span_not_empty"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_between_0_and_1"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "verified", "disputed", "dismissed"]), name="claim_status_valid"
            ),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span_per_article"),
            models.CheckConstraint(condition=Q(origin__in=["extractor", "manual"]), name="claim_origin_valid"),
        ]
        indexes = [
            # The queue's order exactly (ties by id), so a page reads its 25 rows and sorts nothing.
            models.Index(fields=["status", "-score", "id"], name="claim_queue_order_idx"),
            models.Index(fields=["assignee", "status"], name="claim_assignee_status_idx"),
        ]
        # PostgreSQL also has a GIN full-text index on search_terms (migration 0004; SQLite has none).

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("web:claim-detail", args=[self.pk])

    def get_article_url(self) -> str:
        """The claim's place in its article."""
        return reverse("web:article-detail", args=[self.article_id]) + f"#claim-{self.pk}"

    @property
    def is_person_owned(self) -> bool:
        """Made or cut by a person: re-extraction never moves, refreshes or deletes it."""
        return self.origin == self.Origin.MANUAL or self.corrected_at is not None


class Correction(models.Model):
    """A person's correction of how the machine cut the article into claims. Rows are only ever added.

    `before` and `after` hold the spans as they were and became (`[{"id", "start", "end", "text"}]`), so the
    record stays readable after a merged-away claim is gone; `claims` links the rows that still exist.
    """

    class Action(models.TextChoices):
        SPLIT = "split", _("Split")
        MERGE = "merge", _("Merge")
        RESPAN = "respan", _("Re-span")
        ADD = "add", _("Add by hand")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    claims = models.ManyToManyField(Claim, verbose_name=_("claims"), related_name="corrections", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("kind of correction"), max_length=10, choices=Action.choices)
    before = models.JSONField(_("before"), default=list, blank=True)
    after = models.JSONField(_("after"), default=list)
    created_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim correction")
        verbose_name_plural = _("claim corrections")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["split", "merge", "respan", "add"]), name="correction_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.article}"


class Review(models.Model):
    """One step in a claim's history. Rows are only ever added: the history is the audit trail.

    `action` says what the step did; `verdict` is the verdict it concerns (the one proposed, confirmed,
    rejected or reopened), so every row reads as "who did what to which verdict, when, and why".
    """

    class Verdict(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        DISPUTED = "disputed", _("Disputed")
        DISMISSED = "dismissed", _("Not a claim")

    class Action(models.TextChoices):
        VERDICT = "verdict", _("Verdict")
        PROPOSAL = "proposal", _("Proposal")
        CONFIRMATION = "confirmation", _("Cross-check")
        REJECTION = "rejection", _("Rejection")
        REOPENING = "reopening", _("Reopening")

    claim = models.ForeignKey(Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.PROTECT, related_name="reviews"
    )
    action = models.CharField(_("step"), max_length=12, choices=Action.choices, default=Action.VERDICT)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    responds_to = models.ForeignKey(
        "self",
        verbose_name=_("responds to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text=_("The proposal a cross-check or rejection answers, or the final verdict a reopening opens"),
    )
    note = models.TextField(_("review note"), blank=True)
    claim_version = models.PositiveIntegerField(_("claim version when reviewed"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review record")
        verbose_name_plural = _("review records")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=["verified", "disputed", "dismissed"]), name="review_verdict_valid"
            ),
            models.CheckConstraint(
                condition=Q(action__in=["verdict", "proposal", "confirmation", "rejection", "reopening"]),
                name="review_action_valid",
            ),
            # A verdict or proposal of fact needs its reasoning; so do a rejection and a reopening.
            models.CheckConstraint(
                condition=Q(verdict="dismissed", action="verdict") | Q(action="confirmation") | ~Q(note=""),
                name="review_note_required",
            ),
            models.CheckConstraint(
                condition=Q(action__in=["verdict", "proposal"], responds_to__isnull=True)
                | Q(action__in=["confirmation", "rejection", "reopening"], responds_to__isnull=False),
                name="review_responds_to_matches_action",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "-created_at"], name="review_reviewer_recent_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.get_verdict_display()} · {self.claim}"


class Source(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review record"), on_delete=models.PROTECT, related_name="sources"
    )
    url = models.URLField(_("URL"), max_length=2000, validators=[URLValidator(schemes=["http", "https"])])
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    accessed_at = models.DateTimeField(_("accessed at"), default=timezone.now)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """Something a desk member should know about; created by the services in the same transaction."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Claim assigned")
        PROPOSAL_CONFIRMED = "proposal_confirmed", _("Proposal confirmed")
        PROPOSAL_REJECTED = "proposal_rejected", _("Proposal rejected")
        CLAIM_REOPENED = "claim_reopened", _("Claim reopened")
        EXTRACTION_DONE = "extraction_done", _("Claims extracted")
        EXTRACTION_FAILED = "extraction_failed", _("Claim extraction failed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # SET_NULL: re-extraction may delete an unreviewed claim; the notice stays, pointing at the article.
    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim_count = models.PositiveIntegerField(_("number of claims"), default=1)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "assigned",
                        "proposal_confirmed",
                        "proposal_rejected",
                        "claim_reopened",
                        "extraction_done",
                        "extraction_failed",
                    ]
                ),
                name="notification_kind_valid",
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")]

    def __str__(self) -> str:
        return self.message

    def get_absolute_url(self) -> str:
        if self.claim_id:
            return reverse("web:claim-detail", args=[self.claim_id])
        if self.article_id:
            return reverse("web:article-detail", args=[self.article_id])
        return reverse("web:notifications")

    @property
    def message(self) -> str:
        """The one sentence shown in the list, the API and the e-mail subject, in the active language."""
        who = self.actor.get_username() if self.actor_id and self.actor else gettext("Someone")
        title = self.article.title if self.article_id and self.article else ""
        kind = self.Kind
        if self.kind == kind.ASSIGNED:
            if self.claim_count > 1:
                return ngettext(
                    "%(who)s assigned you %(n)d claim from “%(title)s”.",
                    "%(who)s assigned you %(n)d claims from “%(title)s”.",
                    self.claim_count,
                ) % {"who": who, "title": title, "n": self.claim_count}
            return gettext("%(who)s assigned you a claim from “%(title)s”.") % {"who": who, "title": title}
        if self.kind == kind.PROPOSAL_CONFIRMED:
            return gettext("%(who)s confirmed your proposed verdict: “%(title)s”") % {"who": who, "title": title}
        if self.kind == kind.PROPOSAL_REJECTED:
            return gettext("%(who)s rejected your proposed verdict: “%(title)s”") % {"who": who, "title": title}
        if self.kind == kind.CLAIM_REOPENED:
            return gettext("%(who)s reopened a claim you reviewed: “%(title)s”") % {"who": who, "title": title}
        if self.kind == kind.EXTRACTION_DONE:
            return ngettext(
                "Extracted %(n)d claim from “%(title)s”.",
                "Extracted %(n)d claims from “%(title)s”.",
                self.claim_count,
            ) % {"title": title, "n": self.claim_count}
        return gettext("Claim extraction failed for “%(title)s”.") % {"title": title}


class ApiToken(AbstractAuthToken):
    """A key a newsroom system sends as `Authorization: Token <key>`.

    django-rest-knox keeps only a SHA-512 digest and the first 15 characters (to find the row); the key
    itself is shown once, when it is made. A `read` token may only look; `write` may also record.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    name = models.CharField(_("name"), max_length=100, help_text=_("What uses it, e.g. “CMS verdict feed”."))
    scope = models.CharField(_("scope"), max_length=5, choices=Scope, default=Scope.READ)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["read", "write"]), name="api_token_scope_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user}, {self.scope})"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry <= timezone.now()
