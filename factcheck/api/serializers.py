"""The shape of the API: what goes in and what comes out. Rules live in services.py, not here."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from factcheck import limits
from factcheck.evidence.models import Snapshot
from factcheck.extraction.units import KINDS as QUANTITY_KINDS
from factcheck.models import ApiToken, Article, Claim, Correction, Notification, Review, Source
from factcheck.services import SourceInput

# Output ------------------------------------------------------------------------------------------


class DeskDateTimeField(serializers.DateTimeField):
    """An RFC 3339 `date-time` always: Seoul time, or UTC when Seoul's offset then had seconds.

    Before April 1908 Seoul kept local mean time, +08:27:52, which RFC 3339 cannot write (a published_at of
    1900 would come out as `…+08:27:52`); the same instant in UTC can.
    """

    def to_representation(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            offset = timezone.localtime(value).utcoffset()
            if offset is not None and offset.seconds % 60:
                return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
        return super().to_representation(value)


class DeskModelSerializer(serializers.ModelSerializer):
    """The API's model serializers show two kinds of stored value their own way:

    - times through DeskDateTimeField;
    - addresses (Article.url, Source.url) as plain strings, not `format: uri`: they are what the person typed,
      checked to start with http(s)://, so an IRI with a Korean path, or "" for an article without one.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: DeskDateTimeField,
        models.URLField: serializers.CharField,
    }


class SnapshotSerializer(DeskModelSerializer):
    """What the archiver kept of the source's page; its text is on the desk page /sources/<id>/snapshot/."""

    status = serializers.ChoiceField(
        choices=Snapshot.Status.choices,
        read_only=True,
        help_text=_("pending (not fetched yet), archived, refused (an address we do not fetch) or failed"),
    )
    # The code as a plain string: its list grows with the archiver, and it is not an input.
    reason = serializers.CharField(
        read_only=True,
        help_text=_(
            "Why it was refused or failed, a stable code: scheme_not_allowed, address_not_allowed, invalid_url, "
            "too_many_redirects, timeout, too_large, name_not_resolved, connection_failed, tls_error, http_error, "
            "unsupported_encoding, unreadable, unexpected_error; empty otherwise"
        ),
    )
    fetched_at = serializers.DateTimeField(read_only=True, allow_null=True)
    http_status = serializers.IntegerField(read_only=True, allow_null=True)
    sha256 = serializers.CharField(read_only=True, help_text=_("SHA-256 of the whole body fetched, in hex"))

    class Meta:
        model = Snapshot
        fields = ["status", "reason", "fetched_at", "final_url", "http_status", "title", "sha256"]
        read_only_fields = fields


class SourceSerializer(DeskModelSerializer):
    snapshot = SnapshotSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The page as archived after the verdict; null when archiving was off"),
    )

    class Meta:
        model = Source
        fields = ["id", "url", "title", "publisher", "excerpt", "accessed_at", "snapshot"]
        read_only_fields = fields


class ReviewSerializer(DeskModelSerializer):
    """One step of a claim's history: `action` says what it did, `verdict` which verdict it concerns."""

    reviewer = serializers.SlugRelatedField(slug_field="username", read_only=True)
    responds_to = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_("Id of the proposal a cross-check or rejection answers, or of the final verdict a reopening opens"),
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
    created_at = DeskDateTimeField(read_only=True)


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
    "origin",
    "corrected_at",
]


class QuantitySerializer(serializers.Serializer):
    """Documents the JSON stored in Claim.quantities (offsets index article.body)."""

    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    value = serializers.FloatField()
    unit = serializers.CharField()
    approx = serializers.BooleanField(
        help_text=_(
            "True for a round figure (약, 여, 가량…) or a range (3~4%). "
            "A bound such as 이상 or 미만 is not a round figure"
        )
    )
    qualifier = serializers.ChoiceField(
        choices=["approx", "at_least", "at_most", "more_than", "less_than"],
        allow_null=True,
        required=False,
        help_text=_(
            "How the figure relates to value: approx (약·여·가량), at_least (이상), at_most (이하), more_than "
            "(초과·넘는), less_than (미만·못 미치는), null (exactly the value). A range (3~4%) gives its lower bound, "
            "so at_least. Absent on claims extracted before this field existed"
        ),
    )
    kind = serializers.ChoiceField(
        choices=list(QUANTITY_KINDS),
        allow_null=True,
        required=False,
        help_text=_(
            "What the figure counts: money, count, percent, measure, duration, age, rank, score, ratio or other. "
            "Absent on claims extracted before this field existed"
        ),
    )


class DateMentionSerializer(serializers.Serializer):
    """Documents the JSON stored in Claim.dates (offsets index article.body)."""

    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class ClaimSerializer(DeskModelSerializer):
    """A claim inside its article: offsets index article.body, so `body[start:end] == text`."""

    types = serializers.ListField(child=serializers.CharField(), read_only=True)
    quantities = serializers.SerializerMethodField()
    dates = serializers.SerializerMethodField()
    assignee = UserRefSerializer(read_only=True, allow_null=True, help_text=_("The reviewer this claim is assigned to"))
    proposal = ProposalSerializer(
        read_only=True, allow_null=True, help_text=_("The proposal waiting for a cross-check")
    )

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


class ArticleRefSerializer(DeskModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "title"]
        read_only_fields = fields


class ClaimListSerializer(ClaimSerializer):
    article = ArticleRefSerializer(read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*CLAIM_FIELDS, "article"]
        read_only_fields = fields


class CorrectionSerializer(DeskModelSerializer):
    """A person's correction of the machine's cut; `before`/`after` are `[{id, start, end, text}]`."""

    actor = serializers.SlugRelatedField(slug_field="username", read_only=True)
    before = serializers.ListField(child=serializers.DictField(), read_only=True)
    after = serializers.ListField(child=serializers.DictField(), read_only=True)

    class Meta:
        model = Correction
        fields = ["id", "action", "actor", "before", "after", "created_at"]
        read_only_fields = fields


class ClaimDetailSerializer(ClaimListSerializer):
    evidence = serializers.ListField(child=serializers.CharField(), read_only=True)
    reviews = ReviewSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta(ClaimListSerializer.Meta):
        fields = [*CLAIM_FIELDS, "evidence", "article", "reviews", "corrections"]
        read_only_fields = fields


class ClaimStateSerializer(DeskModelSerializer):
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


class ArticleListSerializer(DeskModelSerializer):
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


class ArticleStatusSerializer(DeskModelSerializer):
    class Meta:
        model = Article
        fields = ["id", "extraction_status", "extraction_error", "extractor_version", "extracted_at"]
        read_only_fields = fields


class ArticleAssignedSerializer(serializers.Serializer):
    assigned = serializers.IntegerField(help_text=_("How many pending claims were newly assigned"))
    assignee = UserRefSerializer()


class NotificationSerializer(DeskModelSerializer):
    message = serializers.CharField(read_only=True, help_text=_("The one sentence to show"))
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    article = ArticleRefSerializer(read_only=True, allow_null=True)
    claim_id = serializers.IntegerField(read_only=True, allow_null=True)
    unread = serializers.SerializerMethodField()
    url = serializers.CharField(
        source="get_absolute_url", read_only=True, help_text=_("Where it is on the desk's pages")
    )

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
    """Every error body: a stable `code` for programs and a `detail` for people, in the request's language."""

    code = serializers.CharField()
    detail = serializers.CharField()


class DuplicateArticleErrorSerializer(ErrorSerializer):
    article_id = serializers.IntegerField()


class VersionConflictErrorSerializer(ErrorSerializer):
    """A 409 of the workflow: the claim's state with every code but claim_replaced, the latest step with
    version_conflict."""

    current_version = serializers.IntegerField(required=False)
    # A plain string: a second ChoiceField over Claim.Status would give the schema two names for one enum.
    current_status = serializers.CharField(
        required=False, help_text=_("The claim's current status (the same values as claim.status)")
    )
    latest_review = ReviewSerializer(required=False, allow_null=True)


class UnknownParameterErrorSerializer(ErrorSerializer):
    """A list's 400: `parameters` with unknown_parameter, `errors` (per parameter) with invalid."""

    parameters = serializers.ListField(child=serializers.CharField(), required=False)
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


# Input -------------------------------------------------------------------------------------------


def _sent_as_form(field: serializers.Field) -> bool:
    """Whether the body came as a form (multipart or urlencoded), where every value is a string."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


class TextField(serializers.CharField):
    """A string, and in a JSON body only a string: DRF's CharField would store `5` as "5"."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class WholeNumberField(serializers.IntegerField):
    """An integer, and in a JSON body only a JSON number: DRF's IntegerField would take "5" and "5.0".

    A form's values are all strings, and are read as DRF always did.
    """

    def to_internal_value(self, data: Any) -> int:
        if not _sent_as_form(self) and (isinstance(data, bool) or not isinstance(data, int)):
            self.fail("invalid")
        return super().to_internal_value(data)


class RawTextField(TextField):
    """Article text exactly as sent: no trimming, and NUL bytes reach ingest, which names the problem ("binary")."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class StoredTextField(TextField):
    """Text the desk stores as NFC (a Mac sends Korean decomposed): `max_length` counts what the column will hold."""

    def to_internal_value(self, data: Any) -> str:
        return unicodedata.normalize("NFC", super().to_internal_value(data))


class ArticleMetadataFields(serializers.Serializer):
    # Lengths are the model's (factcheck/limits.py); the URL scheme is checked by the service ("invalid_metadata").
    title = StoredTextField(required=False, allow_blank=True, max_length=limits.ARTICLE_TITLE)
    outlet = StoredTextField(required=False, allow_blank=True, max_length=limits.ARTICLE_OUTLET)
    byline = StoredTextField(required=False, allow_blank=True, max_length=limits.ARTICLE_BYLINE)
    url = StoredTextField(required=False, allow_blank=True, max_length=limits.ARTICLE_URL)
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
                {"body": gettext("The article body cannot be edited. Upload the corrected body as a new article.")},
                code="read_only",
            )
        return attrs


class SourceInputSerializer(serializers.Serializer):
    # Blank url/title pass here so the service can answer with its specific message.
    url = StoredTextField(allow_blank=True, max_length=limits.SOURCE_URL)
    title = StoredTextField(allow_blank=True, max_length=limits.SOURCE_TITLE)
    publisher = StoredTextField(required=False, allow_blank=True, default="", max_length=limits.SOURCE_PUBLISHER)
    excerpt = StoredTextField(required=False, allow_blank=True, default="", max_length=limits.EXCERPT_MAX_CHARS)
    accessed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class ReviewInputSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Review.Verdict.choices)
    note = StoredTextField(required=False, allow_blank=True, default="", max_length=limits.NOTE_MAX_CHARS)
    version = WholeNumberField(
        min_value=1, help_text=_("The claim.version the client last saw: 409 if another verdict was recorded meanwhile")
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
    decision = serializers.ChoiceField(choices=[("confirm", _("Confirm")), ("reject", _("Reject"))])
    note = StoredTextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.NOTE_MAX_CHARS,
        help_text=_("Required when rejecting"),
    )
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.validated_data
        return {"decision": data["decision"], "note": data["note"], "expected_version": data["version"]}


class ReopenInputSerializer(serializers.Serializer):
    reason = StoredTextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=limits.NOTE_MAX_CHARS,
        help_text=_("Why the claim is reopened (required)"),
    )
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))

    def service_kwargs(self) -> dict[str, Any]:
        return {"reason": self.validated_data["reason"], "expected_version": self.validated_data["version"]}


# The schema of the three workflow bodies above, one branch per kind of step (api/views.py names them as
# each operation's request). Their rules are the service's — a verdict needs a note and a source, a
# rejection and a reopening a reason — which the plain serializers leave to it, so that its specific
# `invalid_review` answers stay; written down here, a client (and the fuzzer) can see them.
# Spelt out, not `\s`: Python's whitespace (what str.strip() removes) and the fuzzer's differ on \x1c-\x1f.
_SPACE = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVISIBLE = r"\u200b-\u200d\u2060\ufeff\xad"  # ingest.ZERO_WIDTH: the services strip these as well
# Some visible character, and no NUL anywhere.
_NOT_BLANK = RegexValidator(rf"^[^\x00]*[^\x00{_SPACE}{_INVISIBLE}][^\x00]*$")
# The addresses the schema promises to take: http(s), a host name of at most five labels, a port, a path
# without spaces or control characters. Every one passes the services' URLValidator; the services also
# take a few more (an IP address, `localhost`).
# A time written in the years 2 to 9998: whatever its offset, it is inside the range the services store
# (limits.EARLIEST_TIME … LATEST_TIME, a day inside Python's calendar); nearer the ends they may refuse it.
_TIME_IN_RANGE = RegexValidator(
    r"^(?:000[2-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])-"
)
_PORT = r"(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"  # 0–65535
HTTP_URL = RegexValidator(
    rf"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{{0,43}}[A-Za-z0-9])?\.){{1,4}}[A-Za-z]{{2,63}}(?::{_PORT})?"
    rf"(?:[/?#][^\x00-\x20\x7f-\xa0{_SPACE}]*)?$"
)


class SourceBody(serializers.Serializer):
    url = TextField(max_length=limits.SOURCE_URL, validators=[HTTP_URL])
    title = TextField(max_length=limits.SOURCE_TITLE, validators=[_NOT_BLANK])
    publisher = TextField(required=False, allow_blank=True, max_length=limits.SOURCE_PUBLISHER)
    excerpt = TextField(required=False, allow_blank=True, max_length=limits.EXCERPT_MAX_CHARS)
    accessed_at = serializers.DateTimeField(required=False, allow_null=True, validators=[_TIME_IN_RANGE])


class ArticleMetadataBody(serializers.Serializer):
    """PATCH /api/articles/{id}/: what ArticleMetadataSerializer and the service take."""

    title = TextField(required=False, max_length=limits.ARTICLE_TITLE, validators=[_NOT_BLANK])
    outlet = TextField(required=False, allow_blank=True, max_length=limits.ARTICLE_OUTLET)
    byline = TextField(required=False, allow_blank=True, max_length=limits.ARTICLE_BYLINE)
    url = TextField(required=False, allow_blank=True, max_length=limits.ARTICLE_URL, validators=[HTTP_URL])
    published_at = serializers.DateTimeField(required=False, allow_null=True, validators=[_TIME_IN_RANGE])


class ProposedVerdictBody(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[Review.Verdict.VERIFIED, Review.Verdict.DISPUTED])
    note = TextField(
        max_length=limits.NOTE_MAX_CHARS, validators=[_NOT_BLANK], help_text=_("The grounds for the verdict")
    )
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))
    sources = serializers.ListField(child=SourceBody(), min_length=1, max_length=limits.MAX_SOURCES)


class DismissalBody(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=[Review.Verdict.DISMISSED])
    note = TextField(required=False, allow_blank=True, max_length=limits.NOTE_MAX_CHARS)
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))
    sources = serializers.ListField(child=SourceBody(), required=False, max_length=limits.MAX_SOURCES)


class ConfirmationBody(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["confirm"])
    note = TextField(required=False, allow_blank=True, max_length=limits.NOTE_MAX_CHARS)
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))


class RejectionBody(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["reject"])
    note = TextField(max_length=limits.NOTE_MAX_CHARS, validators=[_NOT_BLANK], help_text=_("Why it is rejected"))
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))


class ReopeningBody(serializers.Serializer):
    reason = TextField(
        max_length=limits.NOTE_MAX_CHARS, validators=[_NOT_BLANK], help_text=_("Why the claim is reopened")
    )
    version = WholeNumberField(min_value=1, help_text=_("The claim.version the client last saw"))


@extend_schema_field({"type": "integer", "minimum": 1})
class _AssigneeField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return get_user_model().objects.filter(is_active=True)

    def to_internal_value(self, data: Any) -> Any:
        # A user id is a JSON number, as the schema says: DRF would also look up "5".
        if not _sent_as_form(self) and (isinstance(data, bool) or not isinstance(data, int)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


class ClaimAssignInputSerializer(serializers.Serializer):
    assignee = _AssigneeField(allow_null=True, help_text=_("The reviewer's user id, or null to unassign"))


class ArticleAssignInputSerializer(serializers.Serializer):
    assignee = _AssigneeField(help_text=_("User id of the reviewer who takes every pending claim of this article"))


# Corrections of the machine's cut. Offsets index article.body; capped so a huge number is a 400, not a 500.
_OFFSET = {"min_value": 0, "max_value": 2**31 - 1}
_VERSION_HELP = _("The claim.version the client last saw: 409 if it changed meanwhile")


class _OnlyTheseFields(serializers.Serializer):
    """Refuses fields it does not know: a PATCH with `status` must not look as if it worked."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(self.initial_data) - set(self.fields)) if hasattr(self.initial_data, "keys") else []
        if unknown:
            raise serializers.ValidationError(
                {name: gettext("This request cannot change this field.") for name in unknown}, code="read_only"
            )
        return attrs


class SplitInputSerializer(_OnlyTheseFields):
    at = WholeNumberField(
        **_OFFSET, help_text=_("Where to split: a character offset in article.body (inside the claim)")
    )
    version = WholeNumberField(min_value=1, max_value=2**31 - 1, help_text=_VERSION_HELP)


class MergeInputSerializer(_OnlyTheseFields):
    claims = serializers.ListField(
        child=WholeNumberField(min_value=1, max_value=2**31 - 1),
        min_length=2,
        max_length=20,
        help_text=_("Ids of the neighbouring claims to merge (of one article)"),
    )
    versions = serializers.ListField(
        child=WholeNumberField(min_value=1, max_value=2**31 - 1),
        min_length=2,
        max_length=20,
        help_text=_("Each claim's version, in the order of `claims`"),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if len(attrs["claims"]) != len(attrs["versions"]):
            raise serializers.ValidationError({"versions": gettext("Send as many versions as claims.")})
        return attrs


class RespanInputSerializer(_OnlyTheseFields):
    start = WholeNumberField(**_OFFSET, help_text=_("New start offset (article.body)"))
    end = WholeNumberField(**_OFFSET, help_text=_("New end offset (article.body, exclusive)"))
    version = WholeNumberField(min_value=1, max_value=2**31 - 1, help_text=_VERSION_HELP)


class ClaimAddInputSerializer(_OnlyTheseFields):
    start = WholeNumberField(**_OFFSET, help_text=_("Start offset of the claim to add (article.body)"))
    end = WholeNumberField(**_OFFSET, help_text=_("End offset (article.body, exclusive)"))


class SplitResultSerializer(serializers.Serializer):
    claims = ClaimDetailSerializer(
        many=True, read_only=True, help_text=_("The two claims of the split (the first keeps the original id)")
    )


class TokenRequestSerializer(serializers.Serializer):
    """POST /api/auth/token/: the account's credentials, and what the new token may do and for how long."""

    username = TextField(max_length=limits.USERNAME, validators=[ProhibitNullCharactersValidator()])
    password = TextField(max_length=4096, trim_whitespace=False, write_only=True)
    name = StoredTextField(max_length=limits.TOKEN_NAME, required=False, allow_blank=True, help_text=_("What uses it."))
    scope = serializers.ChoiceField(choices=ApiToken.Scope.choices, default=ApiToken.Scope.READ)
    expires_in_days = WholeNumberField(
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        required=False,
        help_text=_("Default: FACTCHECK_API_TOKEN_DAYS (90)."),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # django-axes sees this through the backends: a locked-out account never gets this far.
        user = authenticate(request=self.context.get("request"), username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(gettext("Unable to sign in with that username and password."))
        attrs["user"] = user
        return attrs


class IssuedTokenSerializer(serializers.Serializer):
    """The one answer that contains the token itself."""

    token = serializers.CharField(source="key")
    name = serializers.CharField(source="token.name")
    scope = serializers.ChoiceField(source="token.scope", choices=ApiToken.Scope.choices)
    expires_at = DeskDateTimeField(source="token.expiry")
