"""The shape of the API: what goes in and what comes out. Rules live in services.py, not here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.validators import ProhibitNullCharactersValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck.models import Article, Claim, Notification, Review, Source
from factcheck.services import SourceInput

# Output ------------------------------------------------------------------------------------------


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "excerpt", "accessed_at"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    """One step of a claim's history: `action` says what it did, `verdict` which verdict it concerns."""

    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    responds_to = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="교차 확인·반려가 답하는 제안의 id, 또는 재검토가 여는 확정 판정의 id"
    )
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "action",
            "verdict",
            "note",
            "reviewer",
            "responds_to",
            "created_at",
            "claim_version",
            "sources",
        ]
        read_only_fields = fields


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)


class ProposalSerializer(serializers.Serializer):
    """A verified/disputed verdict waiting for a second reviewer; the claim stays `pending` meanwhile."""

    verdict = serializers.ChoiceField(choices=Review.Verdict.choices, read_only=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    review_id = serializers.IntegerField(source="id", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


CLAIM_FIELDS = [
    "id",
    "text",
    "start",
    "end",
    "sentence_index",
    "score",
    "types",
    "speaker",
    "quantities",
    "dates",
    "status",
    "is_stale",
    "version",
    "assignee",
    "proposal",
]


class QuantitySerializer(serializers.Serializer):
    """Documents the JSON stored in Claim.quantities (offsets index article.body)."""

    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    value = serializers.FloatField()
    unit = serializers.CharField()
    approx = serializers.BooleanField()


class DateMentionSerializer(serializers.Serializer):
    """Documents the JSON stored in Claim.dates (offsets index article.body)."""

    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ClaimSerializer(serializers.ModelSerializer):
    """A claim inside its article: offsets index article.body, so `body[start:end] == text`."""

    types = serializers.ListField(child=serializers.CharField(), read_only=True)
    quantities = serializers.SerializerMethodField()
    dates = serializers.SerializerMethodField()
    assignee = UserRefSerializer(read_only=True, allow_null=True, help_text="이 주장을 맡은 검토자")
    proposal = ProposalSerializer(read_only=True, allow_null=True, help_text="교차 확인을 기다리는 제안")

    class Meta:
        model = Claim
        fields = CLAIM_FIELDS
        read_only_fields = fields

    @extend_schema_field(QuantitySerializer(many=True))
    def get_quantities(self, claim: Claim) -> list[dict[str, Any]]:
        return claim.quantities

    @extend_schema_field(DateMentionSerializer(many=True))
    def get_dates(self, claim: Claim) -> list[dict[str, Any]]:
        return claim.dates


class ArticleRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title"]
        read_only_fields = fields


class ClaimListSerializer(ClaimSerializer):
    article = ArticleRefSerializer(read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*CLAIM_FIELDS, "article"]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimListSerializer):
    evidence = serializers.ListField(child=serializers.CharField(), read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)

    class Meta(ClaimListSerializer.Meta):
        fields = [*CLAIM_FIELDS, "evidence", "article", "reviews"]
        read_only_fields = fields


class ClaimStateSerializer(serializers.ModelSerializer):
    assignee = UserRefSerializer(read_only=True, allow_null=True)
    proposal = ProposalSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Claim
        fields = ["id", "status", "version", "assignee", "proposal"]
        read_only_fields = fields


class ReviewCreatedSerializer(serializers.Serializer):
    """The recorded verdict and the claim as it is now (new status, bumped version)."""

    review = ReviewSerializer(read_only=True)
    claim = ClaimStateSerializer(read_only=True)


ARTICLE_LIST_FIELDS = [
    "id",
    "title",
    "outlet",
    "byline",
    "published_at",
    "url",
    "extraction_status",
    "claim_count",
    "open_claim_count",
    "created_at",
    "detail_url",
]


class ArticleListSerializer(serializers.ModelSerializer):
    # Annotated by selectors.article_list.
    claim_count = serializers.IntegerField(read_only=True)
    open_claim_count = serializers.IntegerField(read_only=True)
    detail_url = serializers.HyperlinkedIdentityField(view_name="api:article-detail")

    class Meta:
        model = Article
        fields = ARTICLE_LIST_FIELDS
        read_only_fields = fields


class ArticleDetailSerializer(ArticleListSerializer):
    uploaded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ARTICLE_LIST_FIELDS,
            "updated_at",
            "body",
            "language",
            "source_format",
            "uploaded_by",
            "extraction_error",
            "extractor_version",
            "extracted_at",
            "claims",
        ]
        read_only_fields = fields


class ArticleStatusSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "extraction_status", "extraction_error", "extractor_version", "extracted_at"]
        read_only_fields = fields


class ArticleAssignedSerializer(serializers.Serializer):
    assigned = serializers.IntegerField(help_text="새로 배정된 검토 대기 주장 수")
    assignee = UserRefSerializer()


class NotificationSerializer(serializers.ModelSerializer):
    message = serializers.CharField(read_only=True, help_text="보여 줄 한 문장")
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    article = ArticleRefSerializer(read_only=True, allow_null=True)
    claim_id = serializers.IntegerField(read_only=True, allow_null=True)
    unread = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True, help_text="데스크 화면의 해당 위치")

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "message",
            "actor",
            "article",
            "claim_id",
            "claim_count",
            "note",
            "created_at",
            "read_at",
            "unread",
            "url",
        ]
        read_only_fields = fields

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


class ErrorSerializer(serializers.Serializer):
    """Every error body: a stable `code` for programs and a Korean `detail` for people."""

    code = serializers.CharField()
    detail = serializers.CharField()


class DuplicateArticleErrorSerializer(ErrorSerializer):
    article_id = serializers.IntegerField()


class VersionConflictErrorSerializer(ErrorSerializer):
    current_version = serializers.IntegerField()
    # A plain string: a second ChoiceField over Claim.Status would give the schema two names for one enum.
    current_status = serializers.CharField(help_text="주장의 현재 상태 (claim.status와 같은 값)")
    latest_review = ReviewSerializer(allow_null=True)


class UnknownParameterErrorSerializer(ErrorSerializer):
    parameters = serializers.ListField(child=serializers.CharField())


# Input -------------------------------------------------------------------------------------------


class RawTextField(serializers.CharField):
    """Article text exactly as sent: no trimming, and NUL bytes reach ingest, which names the problem ("binary")."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class ArticleMetadataFields(serializers.Serializer):
    # Lengths and URL scheme are checked by the service, which answers with code "invalid_metadata".
    title = serializers.CharField(required=False, allow_blank=True)
    outlet = serializers.CharField(required=False, allow_blank=True)
    byline = serializers.CharField(required=False, allow_blank=True)
    url = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    published_at = serializers.DateTimeField(required=False, allow_null=True)


class ArticleUploadSerializer(ArticleMetadataFields):
    """Either `text` (JSON or form) or `file` (multipart: .txt, .docx, .html); empty metadata is taken from the file."""

    text = RawTextField(required=False, help_text="붙여넣은 기사 본문 (file과 함께 보낼 수 없음)")
    file = serializers.FileField(
        required=False, allow_empty_file=True, use_url=False, help_text=".txt, .docx, .html 파일"
    )


class ArticleMetadataSerializer(ArticleMetadataFields):
    """PATCH: fields left out keep their value. The body is never edited: sending it is a 400."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "body" in self.initial_data:
            raise serializers.ValidationError(
                {"body": "기사 본문은 수정할 수 없습니다. 고친 본문은 새 기사로 올려 주세요."}, code="read_only"
            )
        return attrs


class SourceInputSerializer(serializers.Serializer):
    # Blank url/title pass here so the service can answer with its specific Korean message.
    url = serializers.CharField(allow_blank=True, max_length=2000)
    title = serializers.CharField(allow_blank=True)
    publisher = serializers.CharField(required=False, allow_blank=True, default="")
    excerpt = serializers.CharField(required=False, allow_blank=True, default="")
    accessed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ReviewInputSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Review.Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        min_value=1, help_text="클라이언트가 마지막으로 본 claim.version: 그사이 다른 판정이 있으면 409"
    )
    sources = SourceInputSerializer(many=True, required=False, default=list)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {
            "verdict": data["verdict"],
            "note": data["note"],
            "sources": [SourceInput(**src) for src in data["sources"]],
            "expected_version": data["version"],
        }


class CrossCheckInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("confirm", "확인"), ("reject", "반려")])
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="반려할 때는 필수")
    version = serializers.IntegerField(min_value=1, help_text="클라이언트가 마지막으로 본 claim.version")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {"decision": data["decision"], "note": data["note"], "expected_version": data["version"]}


class ReopenInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="재검토 사유 (필수)")
    version = serializers.IntegerField(min_value=1, help_text="클라이언트가 마지막으로 본 claim.version")

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.validated_data["reason"], "expected_version": self.validated_data["version"]}


@extend_schema_field({"type": "integer", "nullable": True})
class _AssigneeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return get_user_model().objects.filter(is_active=True)


class ClaimAssignInputSerializer(serializers.Serializer):
    assignee = _AssigneeField(allow_null=True, help_text="검토자의 사용자 id, 또는 배정 해제는 null")


class ArticleAssignInputSerializer(serializers.Serializer):
    assignee = _AssigneeField(help_text="이 기사의 검토 대기 주장을 모두 맡을 검토자의 사용자 id")
