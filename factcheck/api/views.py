"""API views: validate the request shape → call one service → serialize what the selectors return."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck import selectors, services
from factcheck.api import serializers as s
from factcheck.api.permissions import SIGNED_IN
from factcheck.filters import ArticleFilter, ClaimFilter, NotificationFilter
from factcheck.models import Article, Claim, Notification

_ERROR = OpenApiResponse(s.ErrorSerializer, description="`code`로 원인을 구분합니다.")
_NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description="없는 id, 또는 역할이 없는 계정")
_BAD_FILTER = OpenApiResponse(
    s.UnknownParameterErrorSerializer,
    description="code: unknown_parameter (모르는 조회 조건, `parameters`에 이름), invalid (잘못된 값)",
)
_INVALID_REVIEW = OpenApiResponse(s.ErrorSerializer, description="code: invalid_review, invalid")
_WORKFLOW = OpenApiResponse(
    s.VersionConflictErrorSerializer,
    description="code: version_conflict (그사이 다른 기록), already_final, proposal_pending, no_proposal, not_final",
)


@extend_schema_view(
    list=extend_schema(summary="기사 목록", responses={200: s.ArticleListSerializer(many=True), 400: _BAD_FILTER}),
    retrieve=extend_schema(summary="기사와 추출된 주장", responses={200: s.ArticleDetailSerializer, 404: _NOT_FOUND}),
)
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    filterset_class = ArticleFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
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

    def _detail(self, article: Article, status_code: int = status.HTTP_200_OK) -> Response:
        # Re-read through the selector: counts, claims (extraction may have run on commit) and uploader.
        article = self.get_queryset().get(pk=article.pk)
        return Response(self.get_serializer(article).data, status=status_code)

    @extend_schema(
        summary="기사 올리기",
        description=(
            'JSON `{"text": ...}` 또는 multipart `file`(.txt·.docx·.html) 중 하나. 비어 있는 메타데이터는 '
            "파일(HTML의 og:title 등)이나 본문 첫 줄에서 채웁니다. 주장 추출은 커밋 뒤 작업으로 실행되므로 "
            "`extraction_status`는 `pending`일 수 있습니다."
        ),
        request={
            "application/json": s.ArticleUploadSerializer,
            "multipart/form-data": s.ArticleUploadSerializer,
        },
        responses={
            201: s.ArticleDetailSerializer,
            400: OpenApiResponse(
                s.ErrorSerializer,
                description="code: empty, binary, undecodable, too_large, unsupported_type, bad_docx, bad_html, "
                "no_input, invalid_metadata, invalid",
            ),
            403: _ERROR,
            409: OpenApiResponse(s.DuplicateArticleErrorSerializer, description="같은 본문의 기사가 이미 있음"),
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
        summary="기사 정보 수정",
        description="제목·매체·기자·URL·보도 시각만 고칩니다. 보내지 않은 필드는 그대로, `body`를 보내면 400입니다.",
        request=s.ArticleMetadataSerializer,
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
        summary="주장 다시 추출",
        request=None,
        responses={202: s.ArticleStatusSerializer, 403: _ERROR, 404: _NOT_FOUND},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def extract(self, request: Request, pk: str | None = None) -> Response:
        article = services.request_extraction(user=request.user, article=self.get_object())
        return Response(s.ArticleStatusSerializer(article).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="기사의 검토 대기 주장을 모두 배정",
        description="편집자만. 이 기사의 검토 대기(pending) 주장을 한 검토자에게 모두 배정하고, 알림은 한 번 보냅니다.",
        request=s.ArticleAssignInputSerializer,
        responses={
            200: s.ArticleAssignedSerializer,
            400: OpenApiResponse(s.ErrorSerializer, description="code: invalid_assignee, invalid"),
            403: _ERROR,
            404: _NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[JSONParser])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        article = self.get_object()
        serializer = s.ArticleAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignee = serializer.validated_data["assignee"]
        count = services.assign_article_claims(user=request.user, article=article, assignee=assignee)
        return Response(s.ArticleAssignedSerializer({"assigned": count, "assignee": assignee}).data)


@extend_schema_view(
    list=extend_schema(
        summary="주장 목록 (검토 대기열)",
        description=(
            "기본 순서는 기사 안의 읽는 순서입니다. 검토 대기열은 `?status=pending&ordering=-score`. "
            "`search`는 형태소로 찾습니다(조사·어미 무시). 모르는 조회 조건은 400 `unknown_parameter`입니다."
        ),
        responses={200: s.ClaimListSerializer(many=True), 400: _BAD_FILTER},
    ),
    retrieve=extend_schema(summary="주장과 판정 기록", responses={200: s.ClaimDetailSerializer, 404: _NOT_FOUND}),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action in ("retrieve", "reviews"):
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
        summary="검토 기록 (최신순)",
        request=None,
        responses={200: s.ReviewSerializer(many=True), 404: _NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="판정 기록하기",
        description=(
            "`version`은 클라이언트가 본 claim.version입니다. 그사이 다른 기록이 있으면 409와 함께 최신 기록을 "
            "돌려줍니다. 사실(verified)/사실 아님(disputed)에는 메모와 출처가 필요하고, "
            "`FACTCHECK_CROSS_CHECK=required`(기본)이면 두 번째 검토자가 확인할 때까지 제안(`proposal`)으로 남습니다 "
            "(status는 pending). 주장 아님(dismissed)은 편집자도 기록할 수 있고 바로 확정됩니다. "
            "확정된 주장(409 `already_final`)이나 제안이 기다리는 주장(409 `proposal_pending`)에는 기록할 수 "
            "없습니다: 재검토(reopen)나 교차 확인(cross-check)을 쓰세요."
        ),
        request=s.ReviewInputSerializer,
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
        detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None, parser_classes=[JSONParser]
    )
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            return Response(s.ReviewSerializer(self.get_object().reviews.all(), many=True).data)
        return self._step(s.ReviewInputSerializer, services.record_review)

    @extend_schema(
        summary="교차 확인 (제안 확인 또는 반려)",
        description=(
            "두 번째 검토자가 기다리는 제안을 확인(confirm: 판정 확정)하거나 메모와 함께 반려(reject: 다시 "
            "검토 대기)합니다. 제안한 본인은 403 `same_reviewer`, 제안이 없으면 409 `no_proposal`, "
            "오래된 version이면 409 `version_conflict`."
        ),
        request=s.CrossCheckInputSerializer,
        responses={
            201: s.ReviewCreatedSerializer,
            400: _INVALID_REVIEW,
            403: OpenApiResponse(s.ErrorSerializer, description="code: same_reviewer, permission_denied"),
            404: _NOT_FOUND,
            409: _WORKFLOW,
        },
    )
    @action(detail=True, methods=["post"], url_path="cross-check", filter_backends=[], parser_classes=[JSONParser])
    def cross_check(self, request: Request, pk: str | None = None) -> Response:
        return self._step(s.CrossCheckInputSerializer, services.cross_check)

    @extend_schema(
        summary="재검토 (확정된 판정 다시 열기)",
        description=(
            "검토자만. 확정된 판정을 사유와 함께 다시 검토 대기로 돌립니다. 이전 판정은 기록에 그대로 남고, "
            "그 주장을 검토했던 사람들에게 알림이 갑니다. 확정된 판정이 없으면 409 `not_final`."
        ),
        request=s.ReopenInputSerializer,
        responses={
            201: s.ReviewCreatedSerializer,
            400: _INVALID_REVIEW,
            403: _ERROR,
            404: _NOT_FOUND,
            409: _WORKFLOW,
        },
    )
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[JSONParser])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        return self._step(s.ReopenInputSerializer, services.reopen_claim)

    @extend_schema(
        summary="담당 검토자 배정",
        description=(
            "편집자는 누구에게나 배정하거나(`null`이면 해제) 바꿀 수 있습니다. 검토자는 배정되지 않은 주장을 "
            "자신에게 배정하거나 자신의 배정을 해제할 수만 있습니다(이미 다른 사람이 맡았으면 409 "
            "`already_assigned`). 배정은 version을 바꾸지 않습니다."
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
    @action(detail=True, methods=["post"], filter_backends=[], parser_classes=[JSONParser])
    def assign(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        serializer = s.ClaimAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.assign_claim(user=request.user, claim=claim, assignee=serializer.validated_data["assignee"])
        claim = selectors.claim_list(user=request.user).get(pk=claim.pk)
        return Response(s.ClaimListSerializer(claim).data)


@extend_schema_view(
    list=extend_schema(
        summary="내 알림 (최신순)",
        description="`unread=true`이면 읽지 않은 알림만.",
        responses={200: s.NotificationSerializer(many=True), 400: _BAD_FILTER},
    ),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    filterset_class = NotificationFilter
    serializer_class = s.NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notifications_of(user=self.request.user)

    @extend_schema(summary="알림 읽음 표시", request=None, responses={200: s.NotificationSerializer, 404: _NOT_FOUND})
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, pk: str | None = None) -> Response:
        notification = services.mark_read(user=request.user, notification=self.get_object())
        return Response(s.NotificationSerializer(notification).data)

    @extend_schema(
        summary="알림 모두 읽음 표시",
        request=None,
        responses={200: inline_serializer("NotificationsRead", {"marked_read": serializers.IntegerField()})},
    )
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        return Response({"marked_read": services.mark_all_read(user=request.user)})
