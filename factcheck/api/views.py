"""API views: validate the request shape → call one service → serialize what the selectors return."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from factcheck import selectors, services, signin
from factcheck.api import schema as _schema  # noqa: F401  (registers the OpenAPI extensions it defines)
from factcheck.api import serializers as s
from factcheck.api.parsers import BoundedJSONParser
from factcheck.api.permissions import PUBLIC, SIGNED_IN
from factcheck.filters import ArticleFilter, ClaimFilter, NotificationFilter
from factcheck.models import Article, Claim, Notification

_ERROR = OpenApiResponse(s.ErrorSerializer, description=_("`code` tells the causes apart."))
_NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description=_("No such id, or an account with no desk role"))
_BAD_FILTER = OpenApiResponse(
    s.UnknownParameterErrorSerializer,
    description=_(
        "code: unknown_parameter (a query parameter the list does not know, named in `parameters`), "
        "invalid (a bad value)"
    ),
)
_INVALID_REVIEW = OpenApiResponse(s.ErrorSerializer, description="code: invalid_review, invalid")
_CORRECTION_CONFLICT = OpenApiResponse(
    s.ErrorSerializer,
    description=_(
        "code: claim_has_verdict (the claim has a verdict: reopen it first), version_conflict, "
        "span_overlaps, not_adjacent, claim_has_history, claim_is_stale"
    ),
)
_INVALID_SPAN = OpenApiResponse(s.ErrorSerializer, description="code: invalid_span, invalid")


# The path converter of every `{id}` (api/urls.py): digits that fit the database's integer.
ID_CONVERTER = "desk_id"


def _claim_detail(request: Request, claim: Claim, status_code: int = status.HTTP_200_OK) -> Response:
    claim = selectors.claim_detail_queryset(user=request.user).get(pk=claim.pk)
    return Response(s.ClaimDetailSerializer(claim).data, status=status_code)


_WORKFLOW = OpenApiResponse(
    s.VersionConflictErrorSerializer,
    description=_(
        "code: version_conflict (another step was recorded meanwhile), already_final, proposal_pending, "
        "no_proposal, not_final"
    ),
)


@extend_schema_view(
    list=extend_schema(
        summary=_("List articles"), responses={200: s.ArticleListSerializer(many=True), 400: _BAD_FILTER}
    ),
    retrieve=extend_schema(
        summary=_("An article and its extracted claims"), responses={200: s.ArticleDetailSerializer, 404: _NOT_FOUND}
    ),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    lookup_value_converter = ID_CONVERTER
    filterset_class = ArticleFilter
    parser_classes = [BoundedJSONParser, MultiPartParser, FormParser]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Article]:
        if self.action in ("retrieve", "create", "partial_update"):
            return selectors.article_detail_queryset(user=self.request.user)
        # A list shows no body; each can be up to MAX_UPLOAD_BYTES, so don't read a page's worth of them.
        return selectors.article_list(user=self.request.user).defer("body")

    def get_serializer_class(self) -> type:
        if self.action == "list":
            return s.ArticleListSerializer
        return s.ArticleDetailSerializer

    def get_parsers(self) -> list:
        # Only an upload sends a file (or a form); editing details is JSON, as is every other change.
        if getattr(self, "request", None) is not None and self.request.method == "PATCH":
            return [BoundedJSONParser()]
        return super().get_parsers()

    def _detail(self, article: Article, status_code: int = status.HTTP_200_OK) -> Response:
        # Re-read through the selector: counts, claims (extraction may have run on commit) and uploader.
        article = self.get_queryset().get(pk=article.pk)
        return Response(self.get_serializer(article).data, status=status_code)

    @extend_schema(
        summary=_("Upload an article"),
        description=_(
            'Either JSON `{"text": ...}` or a multipart `file` (.txt, .docx, .html). Sending both is a '
            "400 `text_and_file` (the same message under `file`; an empty `text` counts as not sent). "
            "Empty metadata is filled from the credit line at the top of the body (`[뉴스투데이=양대규 기자]`, "
            "`(서울=연합뉴스) 홍길동 기자 =`), from the file (HTML og:title, og:site_name and the like, without the "
            "site name at the end of the title) or from the first line of the body. Claim extraction runs "
            "as a task after the commit, so `extraction_status` may be `pending`."
        ),
        request={
            "application/json": s.ArticleUploadSerializer,
            "multipart/form-data": s.ArticleUploadSerializer,
        },
        responses={
            201: s.ArticleDetailSerializer,
            400: OpenApiResponse(
                s.ErrorSerializer,
                description=_(
                    "code: empty, binary, undecodable, too_large, unsupported_type, bad_docx, bad_html, "
                    "no_input, text_and_file (text and file sent together), invalid_metadata, invalid"
                ),
            ),
            403: _ERROR,
            409: OpenApiResponse(
                s.DuplicateArticleErrorSerializer, description=_("An article with the same body already exists")
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = s.ArticleUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = self.perform_create(serializer)
        return self._detail(article, status.HTTP_201_CREATED)

    def perform_create(self, serializer: s.ArticleUploadSerializer) -> Article:
        data = dict(serializer.validated_data)
        upload = data.pop("file", None)
        if upload is not None:
            # Read one byte past the limit: enough for ingest to say "too_large", never the whole of a huge file.
            data["file_name"] = upload.name
            data["file_data"] = upload.read(settings.MAX_UPLOAD_BYTES + 1)
        return services.upload_article(user=self.request.user, **data)

    @extend_schema(
        summary=_("Edit article details"),
        description=_(
            "Changes only the title, outlet, byline, URL and publication time. Fields not sent keep their "
            "value; sending `body` is a 400."
        ),
        request=s.ArticleMetadataBody,
        responses={200: s.ArticleDetailSerializer, 400: _ERROR, 403: _ERROR, 404: _NOT_FOUND},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        article = self.get_object()
        serializer = s.ArticleMetadataSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        current = {
            "title": article.title,
            "outlet": article.outlet,
            "byline": article.byline,
            "url": article.url,
            "published_at": article.published_at,
        }
        services.update_article_metadata(user=request.user, article=article, **{**current, **serializer.validated_data})
        return self._detail(article)

    @extend_schema(
        summary=_("Extract the claims again"),
        request=None,
        responses={202: s.ArticleStatusSerializer, 403: _ERROR, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def extract(self, request: Request, pk: str | None = None) -> Response:
        article = services.request_extraction(user=request.user, article=self.get_object())
        return Response(s.ArticleStatusSerializer(article).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary=_("Assign all of an article's pending claims"),
        description=_(
            "Editors only. Assigns every pending claim of the article to one reviewer, with one notification."
        ),
        request=s.ArticleAssignInputSerializer,
        responses={
            200: s.ArticleAssignedSerializer,
            400: OpenApiResponse(s.ErrorSerializer, description="code: invalid_assignee, invalid"),
            403: _ERROR,
            404: _NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[BoundedJSONParser])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        article = self.get_object()
        serializer = s.ArticleAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignee = serializer.validated_data["assignee"]
        count = services.assign_article_claims(user=request.user, article=article, assignee=assignee)
        return Response(s.ArticleAssignedSerializer({"assigned": count, "assignee": assignee}).data)

    @extend_schema(
        summary=_("Add a claim by hand"),
        description=_(
            "Makes a claim of a span of the body the extractor missed (editors and reviewers). The span "
            "is clamped to the body and stripped of surrounding whitespace. The extractor computes "
            'quantities, dates, speaker, types and score for the span, and `origin` is `"manual"`. '
            "Re-extraction never changes or deletes the claim."
        ),
        request=s.ClaimAddInputSerializer,
        responses={
            201: s.ClaimDetailSerializer,
            400: OpenApiResponse(
                s.ErrorSerializer,
                description=_("code: invalid_span (an empty span, outside the body, across paragraphs), invalid"),
            ),
            403: _ERROR,
            404: _NOT_FOUND,
            409: OpenApiResponse(
                s.ErrorSerializer, description=_("code: span_overlaps (the overlapping claim's id in `claim`)")
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="claims", filter_backends=[], parser_classes=[BoundedJSONParser])
    def add_claim(self, request: Request, pk: str | None = None) -> Response:
        article = self.get_object()
        serializer = s.ClaimAddInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim = services.add_claim(user=request.user, article=article, **serializer.validated_data)
        return _claim_detail(request, claim, status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary=_("List claims (the review queue)"),
        description=_(
            "By default in reading order within each article. The review queue is "
            "`?status=pending&ordering=-score`. `search` matches by morphemes (particles and endings "
            "ignored). An unknown query parameter is a 400 `unknown_parameter`."
        ),
        responses={200: s.ClaimListSerializer(many=True), 400: _BAD_FILTER},
    ),
    retrieve=extend_schema(
        summary=_("A claim and its verdict history"), responses={200: s.ClaimDetailSerializer, 404: _NOT_FOUND}
    ),
    partial_update=extend_schema(
        summary=_("Re-span a claim"),
        description=_(
            "Only `start`/`end` can change (editors and reviewers). The span is clamped to the body and "
            "stripped of surrounding whitespace, then quantities, dates, speaker and score are computed "
            "again for it. A claim with a verdict is a 409 `claim_has_verdict`: reopen it first."
        ),
        request=s.RespanInputSerializer,
        responses={
            200: s.ClaimDetailSerializer,
            400: _INVALID_SPAN,
            403: _ERROR,
            404: _NOT_FOUND,
            409: _CORRECTION_CONFLICT,
        },
    ),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    parser_classes = [BoundedJSONParser]  # every change of a claim is a JSON body
    lookup_value_converter = ID_CONVERTER
    filterset_class = ClaimFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action in ("retrieve", "reviews", "partial_update", "split"):
            return selectors.claim_detail_queryset(user=self.request.user)
        # The list, and the steps: they answer with the claim's state, not its history.
        return selectors.claim_list(user=self.request.user)

    def get_serializer_class(self) -> type:
        if self.action == "list":
            return s.ClaimListSerializer
        if self.action == "reviews":
            return s.ReviewInputSerializer
        return s.ClaimDetailSerializer

    def _step(self, input_serializer: type, service: Any) -> Response:
        """One workflow step: validate the body, call the service, answer with the new row and claim state."""
        claim = self.get_object()
        serializer = input_serializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        review = service(user=self.request.user, claim=claim, **serializer.service_kwargs())
        review = selectors.reviews_with_sources().get(pk=review.pk)
        claim = selectors.claim_list(user=self.request.user).get(pk=claim.pk)
        body = s.ReviewCreatedSerializer({"review": review, "claim": claim}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        summary=_("Review history (newest first)"),
        request=None,
        responses={200: s.ReviewSerializer(many=True), 404: _NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Record a verdict"),
        description=_(
            "`version` is the claim.version the client saw. If another step was recorded meanwhile, the "
            "answer is a 409 with the latest record. Verified and disputed need a note and a source, and "
            "with `FACTCHECK_CROSS_CHECK=required` (the default) they stay a proposal (`proposal`) until "
            "a second reviewer confirms them (status stays pending). Dismissed (not a claim) can be "
            "recorded by editors too and is final at once. A final claim (409 `already_final`) or one "
            "with a proposal waiting (409 `proposal_pending`) takes no verdict: use reopen or "
            "cross-check."
        ),
        request=PolymorphicProxySerializer(
            component_name="ReviewStep",
            serializers=[s.ProposedVerdictBody, s.DismissalBody],
            resource_type_field_name=None,
        ),
        responses={
            201: s.ReviewCreatedSerializer,
            400: _INVALID_REVIEW,
            403: _ERROR,
            404: _NOT_FOUND,
            409: _WORKFLOW,
        },
    )
    # The history of one claim is short: no list filters, no pages.
    @action(
        detail=True,
        methods=["get", "post"],
        filter_backends=[],
        pagination_class=None,
        parser_classes=[BoundedJSONParser],
    )
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            return Response(s.ReviewSerializer(self.get_object().reviews.all(), many=True).data)
        return self._step(s.ReviewInputSerializer, services.record_review)

    @extend_schema(
        summary=_("Cross-check (confirm or reject a proposal)"),
        description=_(
            "A second reviewer confirms the waiting proposal (confirm: the verdict becomes final) or "
            "rejects it with a note (reject: back to pending review). The proposer gets a 403 "
            "`same_reviewer`, no proposal is a 409 `no_proposal`, an old version a 409 "
            "`version_conflict`."
        ),
        request=PolymorphicProxySerializer(
            component_name="CrossCheckStep",
            serializers=[s.ConfirmationBody, s.RejectionBody],
            resource_type_field_name=None,
        ),
        responses={
            201: s.ReviewCreatedSerializer,
            400: _INVALID_REVIEW,
            403: OpenApiResponse(s.ErrorSerializer, description="code: same_reviewer, permission_denied"),
            404: _NOT_FOUND,
            409: _WORKFLOW,
        },
    )
    @action(
        detail=True, methods=["post"], url_path="cross-check", filter_backends=[], parser_classes=[BoundedJSONParser]
    )
    def cross_check(self, request: Request, pk: str | None = None) -> Response:
        return self._step(s.CrossCheckInputSerializer, services.cross_check)

    @extend_schema(
        summary=_("Reopen (open a final verdict again)"),
        description=_(
            "Reviewers only. Puts a final verdict back to pending review, with a reason. The earlier "
            "verdict stays in the history, and the people who reviewed the claim are notified. Without a "
            "final verdict, a 409 `not_final`."
        ),
        request=s.ReopeningBody,
        responses={
            201: s.ReviewCreatedSerializer,
            400: _INVALID_REVIEW,
            403: _ERROR,
            404: _NOT_FOUND,
            409: _WORKFLOW,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[BoundedJSONParser])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._step(s.ReopenInputSerializer, services.reopen_claim)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        claim = self.get_object()
        serializer = s.RespanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = services.respan_claim(
            user=request.user, claim=claim, start=data["start"], end=data["end"], expected_version=data["version"]
        )
        return _claim_detail(request, claim)

    @extend_schema(
        summary=_("Split a claim"),
        description=_(
            "Cuts the claim in two at `at` (an offset in article.body), for editors and reviewers. The "
            "first part keeps the original id and history; the second is a new claim (`origin: "
            '"manual"`). Quantities, dates, speaker and score are computed again for both. A claim with a '
            "verdict is a 409 `claim_has_verdict`: reopen it first."
        ),
        request=s.SplitInputSerializer,
        responses={
            201: s.SplitResultSerializer,
            400: _INVALID_SPAN,
            403: _ERROR,
            404: _NOT_FOUND,
            409: _CORRECTION_CONFLICT,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[BoundedJSONParser])
    def split(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        serializer = s.SplitInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        first, second = services.split_claim(
            user=request.user, claim=claim, at=data["at"], expected_version=data["version"]
        )
        claims = selectors.claim_detail_queryset(user=request.user).filter(pk__in=[first.pk, second.pk])
        body = s.SplitResultSerializer({"claims": sorted(claims, key=lambda c: c.start)}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Merge neighbouring claims"),
        description=_(
            "Joins claims of one article with no other claim between them into one (editors and "
            "reviewers). The claim kept is the first, or the one with review history (if both have "
            "history, a 409 `claim_has_history`). The others are deleted."
        ),
        request=s.MergeInputSerializer,
        responses={
            200: s.ClaimDetailSerializer,
            400: _INVALID_SPAN,
            403: _ERROR,
            404: _NOT_FOUND,
            409: _CORRECTION_CONFLICT,
        },
    )
    @action(detail=False, methods=["post"], filter_backends=[], parser_classes=[BoundedJSONParser])
    def merge(self, request: Request) -> Response:
        serializer = s.MergeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids, versions = serializer.validated_data["claims"], serializer.validated_data["versions"]
        found = {c.pk: c for c in selectors.claim_list(user=request.user).filter(pk__in=ids)}
        if len(found) != len(set(ids)):
            raise NotFound()
        claim = services.merge_claims(user=request.user, claims=[found[i] for i in ids], expected_versions=versions)
        return _claim_detail(request, claim)

    @extend_schema(
        summary=_("Assign a reviewer"),
        description=_(
            "Editors can assign anyone, change the assignee or unassign (`null`). Reviewers can only take "
            "an unassigned claim for themselves or release their own (a 409 `already_assigned` if someone "
            "else has it). Assignment does not change the version."
        ),
        request=s.ClaimAssignInputSerializer,
        responses={
            200: s.ClaimListSerializer,
            400: OpenApiResponse(s.ErrorSerializer, description="code: invalid_assignee, invalid"),
            403: _ERROR,
            404: _NOT_FOUND,
            409: OpenApiResponse(s.ErrorSerializer, description="code: already_assigned, already_final"),
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[BoundedJSONParser])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        serializer = s.ClaimAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assign_claim(user=request.user, claim=claim, assignee=serializer.validated_data["assignee"])
        claim = selectors.claim_list(user=request.user).get(pk=claim.pk)
        return Response(s.ClaimListSerializer(claim).data)


@extend_schema_view(
    list=extend_schema(
        summary=_("My notifications (newest first)"),
        description=_("Only the unread ones with `unread=true`."),
        responses={200: s.NotificationSerializer(many=True), 400: _BAD_FILTER},
    ),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    lookup_value_converter = ID_CONVERTER
    filterset_class = NotificationFilter
    serializer_class = s.NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notifications_of(user=self.request.user)

    @extend_schema(
        summary=_("Mark a notification read"), request=None, responses={200: s.NotificationSerializer, 404: _NOT_FOUND}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = services.mark_read(user=request.user, notification=self.get_object())
        return Response(s.NotificationSerializer(notification).data)

    @extend_schema(
        summary=_("Mark all notifications read"),
        request=None,
        responses={200: inline_serializer("NotificationsRead", {"marked_read": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        return Response({"marked_read": services.mark_all_read(user=request.user)})


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/ (`/api/claims/0.5/`, a typo): the API's JSON 404, never Django's HTML page."""

    authentication_classes: list = []
    permission_classes = PUBLIC

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        raise NotFound()  # for every method: no operation lives here


class LoginLocked(Throttled):
    """A token request while the account or the address is locked out (django-axes)."""

    default_code = "login_locked"


@extend_schema(
    summary=_("Exchange a username and password for an API token"),
    description=_(
        "The token is in this answer only: the desk keeps a digest of it. Send it as `Authorization: Token "
        "<token>`. A `read` token may only look (GET); `write` may also record verdicts and corrections. "
        "It stops working at `expires_at`, when revoked, or when the account's password changes."
    ),
    request=s.TokenRequestSerializer,
    responses={
        200: s.IssuedTokenSerializer,
        400: OpenApiResponse(
            s.ErrorSerializer,
            description=_(
                "Wrong username or password, a field missing, or a scope or lifetime the desk does not issue."
            ),
        ),
        429: OpenApiResponse(
            s.ErrorSerializer,
            description=_(
                "Too many attempts: `login_locked` after repeated wrong passwords, `throttled` beyond the rate."
            ),
        ),
    },
)
class TokenView(APIView):
    """Username and password in, a new named, scoped, expiring token out (once); locked-out sign-ins refused."""

    authentication_classes: list = []
    permission_classes = PUBLIC
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"
    parser_classes = [FormParser, MultiPartParser, BoundedJSONParser]

    def post(self, request: Request) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # Axes refused the credentials without checking them: say so, and when to come back.
            if getattr(request, "axes_locked_out", False):
                seconds = signin.cooloff_seconds()
                locked = LoginLocked(detail=signin.refusal(seconds), code="login_locked")
                locked.wait = seconds  # Retry-After; the detail already says when, in minutes
                raise locked from None
            raise
        data = serializer.validated_data
        issued = services.issue_token(
            user=data["user"],
            name=data.get("name", ""),
            scope=data["scope"],
            expires_in_days=data.get("expires_in_days"),
        )
        return Response(s.IssuedTokenSerializer(issued).data)
