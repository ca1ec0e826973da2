"""API views: validate the request shape → call one service → serialize what the selectors return."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck import selectors, services
from factcheck.api import serializers as s
from factcheck.api.filters import ArticleFilter, ClaimFilter
from factcheck.api.permissions import SIGNED_IN
from factcheck.models import Article, Claim

_ERROR = OpenApiResponse(s.ErrorSerializer, description="`code`로 원인을 구분합니다.")
_NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description="없는 id, 또는 역할이 없는 계정")


@extend_schema_view(
    list=extend_schema(summary="기사 목록"),
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


@extend_schema_view(
    list=extend_schema(summary="주장 목록"),
    retrieve=extend_schema(summary="주장과 판정 기록", responses={200: s.ClaimDetailSerializer, 404: _NOT_FOUND}),
)
class ClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = SIGNED_IN
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        if self.action == "list":
            # Items show the article's id and title only: leave its (long) body in the database.
            return selectors.claim_list(user=self.request.user).defer("article__body")
        return selectors.claim_detail_queryset(user=self.request.user)

    def get_serializer_class(self) -> type:
        if self.action == "list":
            return s.ClaimListSerializer
        if self.action == "reviews":
            return s.ReviewInputSerializer
        return s.ClaimDetailSerializer

    @extend_schema(
        methods=["GET"],
        summary="판정 기록 (최신순)",
        request=None,
        responses={200: s.ReviewSerializer(many=True), 404: _NOT_FOUND},
    )
    @extend_schema(
        methods=["POST"],
        summary="판정 기록하기",
        description=(
            "`version`은 클라이언트가 본 claim.version입니다. 그사이 다른 판정이 기록됐으면 409와 함께 최신 판정을 "
            "돌려줍니다. 사실(verified)/사실 아님(disputed)에는 메모와 출처가 필요하고, 주장 아님(dismissed)은 "
            "편집자도 기록할 수 있습니다."
        ),
        request=s.ReviewInputSerializer,
        responses={
            201: s.ReviewCreatedSerializer,
            400: OpenApiResponse(s.ErrorSerializer, description="code: invalid_review, invalid"),
            403: _ERROR,
            404: _NOT_FOUND,
            409: OpenApiResponse(s.VersionConflictErrorSerializer, description="다른 사람이 먼저 판정함"),
        },
    )
    # The history of one claim is short: no list filters, no pages.
    @action(
        detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None, parser_classes=[JSONParser]
    )
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        claim = self.get_object()
        if request.method == "GET":
            return Response(s.ReviewSerializer(claim.reviews.all(), many=True).data)
        serializer = s.ReviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.record_review(user=request.user, claim=claim, **serializer.service_kwargs())
        review = selectors.reviews_with_sources().get(pk=review.pk)
        body = s.ReviewCreatedSerializer({"review": review, "claim": claim}).data
        return Response(body, status=status.HTTP_201_CREATED)
