"""Articles, the claims extracted from them, and the append-only verdict history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    class ExtractionStatus(models.TextChoices):
        PENDING = "pending", _("대기 중")
        RUNNING = "running", _("추출 중")
        DONE = "done", _("완료")
        FAILED = "failed", _("실패")

    title = models.CharField(_("제목"), max_length=300)
    body = models.TextField(_("본문"), help_text=_("업로드된 그대로의 NFC 텍스트. 수정하지 않습니다."))
    outlet = models.CharField(_("매체"), max_length=200, blank=True)
    byline = models.CharField(_("기자"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("보도 시각"), null=True, blank=True)
    url = models.URLField(_("원문 URL"), max_length=1000, blank=True)
    language = models.CharField(_("언어"), max_length=10, default="ko")
    content_hash = models.CharField(
        _("본문 해시"),
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("공백·제로폭 문자를 무시한 본문의 SHA-256: 같은 기사의 중복 업로드를 막습니다."),
    )
    source_format = models.CharField(_("업로드 형식"), max_length=10, default="text", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("업로드한 사람"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploaded_articles",
    )
    extraction_status = models.CharField(
        _("추출 상태"), max_length=10, choices=ExtractionStatus.choices, default=ExtractionStatus.PENDING
    )
    extraction_error = models.TextField(_("추출 오류"), blank=True)
    extractor_version = models.CharField(_("추출기 버전"), max_length=20, blank=True)
    extracted_at = models.DateTimeField(_("추출 시각"), null=True, blank=True)
    created_at = models.DateTimeField(_("등록 시각"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    class Meta:
        verbose_name = _("기사")
        verbose_name_plural = _("기사")
        ordering = ["-created_at", "-id"]
        permissions = [("run_extraction", _("Can re-run claim extraction"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(extraction_status__in=["pending", "running", "done", "failed"]),
                name="article_extraction_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:article-detail", args=[self.pk])


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("검토 대기")
        VERIFIED = "verified", _("사실")
        DISPUTED = "disputed", _("사실 아님")
        DISMISSED = "dismissed", _("주장 아님")

    article = models.ForeignKey(Article, verbose_name=_("기사"), on_delete=models.CASCADE, related_name="claims")
    text = models.TextField(_("주장 문장"))
    start = models.PositiveIntegerField(_("시작 위치"), help_text=_("article.body 안의 문자 위치"))
    end = models.PositiveIntegerField(_("끝 위치"))
    sentence_index = models.PositiveIntegerField(_("문장 번호"))
    score = models.FloatField(_("검증 가치 점수"))
    types = models.JSONField(_("주장 유형"), default=list, blank=True)
    speaker = models.CharField(_("발화자"), max_length=200, null=True, blank=True)  # noqa: DJ001 - null: no speaker
    quantities = models.JSONField(_("수치"), default=list, blank=True)
    dates = models.JSONField(_("날짜 표현"), default=list, blank=True)
    evidence = models.JSONField(_("점수 근거"), default=list, blank=True)
    status = models.CharField(_("상태"), max_length=10, choices=Status.choices, default=Status.PENDING)
    is_stale = models.BooleanField(
        _("이전 추출 결과"),
        default=False,
        help_text=_("재추출 결과에 더 이상 같은 문장이 없지만, 검토 기록이 있어 보존된 주장"),
    )
    version = models.PositiveIntegerField(_("버전"), default=1, help_text=_("동시 검토 충돌을 막는 낙관적 잠금 카운터"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("담당 검토자"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_claims",
    )
    assigned_at = models.DateTimeField(_("배정 시각"), null=True, blank=True)
    proposal = models.OneToOneField(
        "Review",
        verbose_name=_("교차 확인 대기 중인 제안"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("두 번째 검토자의 확인을 기다리는 사실/사실 아님 제안. 확인되면 status가 바뀝니다."),
    )
    search_terms = models.TextField(
        _("검색어 색인"),
        blank=True,
        default="",
        editable=False,
        help_text=_("주장 문장의 내용어 형태소(NFKC, 소문자)를 공백으로 이은 것: 조사·어미가 달라도 찾습니다."),
    )
    created_at = models.DateTimeField(_("생성 시각"), auto_now_add=True)
    updated_at = models.DateTimeField(_("수정 시각"), auto_now=True)

    class Meta:
        verbose_name = _("주장")
        verbose_name_plural = _("주장")
        ordering = ["article_id", "start", "id"]
        permissions = [
            ("review_claim", _("Can record verified/disputed verdicts")),
            ("dismiss_claim", _("Can dismiss a claim as not a claim")),
            ("assign_claim", _("Can assign claims to reviewers")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="claim_span_not_empty"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="claim_score_between_0_and_1"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "verified", "disputed", "dismissed"]), name="claim_status_valid"
            ),
            models.UniqueConstraint(fields=["article", "start", "end"], name="claim_unique_span_per_article"),
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


class Review(models.Model):
    """One step in a claim's history. Rows are only ever added: the history is the audit trail.

    `action` says what the step did; `verdict` is the verdict it concerns (the one proposed, confirmed,
    rejected or reopened), so every row reads as "who did what to which verdict, when, and why".
    """

    class Verdict(models.TextChoices):
        VERIFIED = "verified", _("사실")
        DISPUTED = "disputed", _("사실 아님")
        DISMISSED = "dismissed", _("주장 아님")

    class Action(models.TextChoices):
        VERDICT = "verdict", _("판정")
        PROPOSAL = "proposal", _("판정 제안")
        CONFIRMATION = "confirmation", _("교차 확인")
        REJECTION = "rejection", _("제안 반려")
        REOPENING = "reopening", _("재검토")

    claim = models.ForeignKey(Claim, verbose_name=_("주장"), on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("검토자"), on_delete=models.PROTECT, related_name="reviews"
    )
    action = models.CharField(_("단계"), max_length=12, choices=Action.choices, default=Action.VERDICT)
    verdict = models.CharField(_("판정"), max_length=10, choices=Verdict.choices)
    responds_to = models.ForeignKey(
        "self",
        verbose_name=_("대상 기록"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        help_text=_("교차 확인·반려가 답하는 제안, 또는 재검토가 여는 확정 판정"),
    )
    note = models.TextField(_("검토 메모"), blank=True)
    claim_version = models.PositiveIntegerField(_("검토 당시 주장 버전"))
    created_at = models.DateTimeField(_("판정 시각"), auto_now_add=True)

    class Meta:
        verbose_name = _("검토 기록")
        verbose_name_plural = _("검토 기록")
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
    review = models.ForeignKey(Review, verbose_name=_("검토 기록"), on_delete=models.PROTECT, related_name="sources")
    url = models.URLField(_("URL"), max_length=2000, validators=[URLValidator(schemes=["http", "https"])])
    title = models.CharField(_("제목"), max_length=300)
    publisher = models.CharField(_("발행처"), max_length=200, blank=True)
    excerpt = models.TextField(_("발췌"), blank=True)
    accessed_at = models.DateTimeField(_("확인 시각"), default=timezone.now)

    class Meta:
        verbose_name = _("출처")
        verbose_name_plural = _("출처")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """Something a desk member should know about; created by the services in the same transaction."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("주장 배정")
        PROPOSAL_CONFIRMED = "proposal_confirmed", _("제안 확인됨")
        PROPOSAL_REJECTED = "proposal_rejected", _("제안 반려됨")
        CLAIM_REOPENED = "claim_reopened", _("재검토")
        EXTRACTION_DONE = "extraction_done", _("주장 추출 완료")
        EXTRACTION_FAILED = "extraction_failed", _("주장 추출 실패")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("받는 사람"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("종류"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("한 사람"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("기사"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # SET_NULL: re-extraction may delete an unreviewed claim; the notice stays, pointing at the article.
    claim = models.ForeignKey(
        Claim, verbose_name=_("주장"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim_count = models.PositiveIntegerField(_("주장 수"), default=1)
    note = models.TextField(_("메모"), blank=True)
    created_at = models.DateTimeField(_("생성 시각"), auto_now_add=True)
    read_at = models.DateTimeField(_("읽은 시각"), null=True, blank=True)

    class Meta:
        verbose_name = _("알림")
        verbose_name_plural = _("알림")
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
        """The one Korean sentence shown in the list, the API and the e-mail subject."""
        who = self.actor.get_username() if self.actor_id and self.actor else _("누군가")
        title = self.article.title if self.article_id and self.article else ""
        kind = self.Kind
        if self.kind == kind.ASSIGNED:
            if self.claim_count > 1:
                return _("%(who)s님이 「%(title)s」의 주장 %(n)d개를 배정했습니다.") % {
                    "who": who,
                    "title": title,
                    "n": self.claim_count,
                }
            return _("%(who)s님이 「%(title)s」의 주장을 배정했습니다.") % {"who": who, "title": title}
        if self.kind == kind.PROPOSAL_CONFIRMED:
            return _("%(who)s님이 내 판정 제안을 확인했습니다: 「%(title)s」") % {"who": who, "title": title}
        if self.kind == kind.PROPOSAL_REJECTED:
            return _("%(who)s님이 내 판정 제안을 반려했습니다: 「%(title)s」") % {"who": who, "title": title}
        if self.kind == kind.CLAIM_REOPENED:
            return _("%(who)s님이 내가 검토한 주장을 재검토로 돌렸습니다: 「%(title)s」") % {"who": who, "title": title}
        if self.kind == kind.EXTRACTION_DONE:
            return _("「%(title)s」에서 주장 %(n)d개를 추출했습니다.") % {"title": title, "n": self.claim_count}
        return _("「%(title)s」의 주장 추출에 실패했습니다.") % {"title": title}
