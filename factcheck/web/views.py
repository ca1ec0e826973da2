"""The desk's pages: form → one service call → redirect; domain errors become Korean messages on the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from factcheck import selectors, services
from factcheck.errors import DuplicateArticle, InvalidReview, InvalidUpload, NotAllowed, VersionConflict
from factcheck.models import Article, Claim, Review
from factcheck.web.forms import ArticleMetadataForm, ArticleUploadForm, ReviewForm

PAGE_SIZE = 25

CLAIM_TYPE_LABELS = {
    "statistic": "통계·수치",
    "quote": "직접 인용",
    "attribution": "발언 귀속",
    "comparison": "비교",
    "event": "사건",
    "reported": "전언",
    "prediction": "예측·전망",
    "definition": "정의",
}

NO_ROLE_MESSAGE = "이 계정에는 아직 팩트체크 데스크 역할(편집자 또는 검토자)이 없습니다. 관리자에게 역할을 요청하세요."


# ---------------------------------------------------------------- helpers


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "factcheck/forbidden.html", {"message": message}, status=403)


def _review_verdicts(user: Any) -> list[str]:
    """Which verdict buttons to offer; services.record_review enforces the same rule on submit."""
    if user.has_perm("factcheck.review_claim"):
        return [v.value for v in Review.Verdict]
    if user.has_perm("factcheck.dismiss_claim"):
        return [Review.Verdict.DISMISSED.value]
    return []


def _review_form(claim: Claim, verdicts: list[str], data: Any = None) -> ReviewForm:
    return ReviewForm(data, prefix=f"claim-{claim.pk}", verdicts=verdicts, initial={"version": claim.version})


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def highlight_segments(body: str, claims: list[Claim]) -> list[Segment]:
    """Split the body into plain text and claim spans, in order.

    Current claims never overlap (they are sentences); a stale claim from an older extraction may
    overlap a current one, and then it is simply not highlighted (it is still listed below the body).
    """
    placed: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.is_stale, c.start, c.pk)):
        if not (0 <= claim.start < claim.end <= len(body)):
            continue
        if any(claim.start < other.end and other.start < claim.end for other in placed):
            continue
        placed.append(claim)
    segments, pos = [], 0
    for claim in sorted(placed, key=lambda c: c.start):
        if claim.start > pos:
            segments.append(Segment(body[pos : claim.start]))
        segments.append(Segment(body[claim.start : claim.end], claim))
        pos = claim.end
    if pos < len(body):
        segments.append(Segment(body[pos:]))
    return segments


def _format_number(value: Any) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{int(value):,}"


def _quantity_label(quantity: dict[str, Any]) -> str:
    """ "1750억개" → "1750억개 → 175,000,000,000 개": what the text says and what a checker compares."""
    value = quantity.get("value")
    if value is None:
        return quantity.get("text", "")
    approx = "약 " if quantity.get("approx") else ""
    unit = f" {quantity['unit']}" if quantity.get("unit") else ""
    return f"{quantity.get('text', '')} → {approx}{_format_number(value)}{unit}"


def _detail_response(
    request: HttpRequest,
    article_id: int,
    *,
    bound: ReviewForm | None = None,
    bound_claim_id: int | None = None,
    status: int = 200,
) -> HttpResponse:
    article = get_object_or_404(selectors.article_detail_queryset(user=request.user), pk=article_id)
    claims = list(article.claims.all())
    verdicts = _review_verdicts(request.user)
    rows = [
        {
            "claim": claim,
            "types": [CLAIM_TYPE_LABELS.get(t, t) for t in claim.types],
            "quantities": [_quantity_label(q) for q in claim.quantities],
            "form": (bound if claim.pk == bound_claim_id else (_review_form(claim, verdicts) if verdicts else None)),
            "open_form": claim.pk == bound_claim_id,
        }
        for claim in claims
    ]
    context = {
        "article": article,
        "segments": highlight_segments(article.body, claims),
        "claim_rows": rows,
        "pending_count": sum(1 for c in claims if c.status == Claim.Status.PENDING),
    }
    return render(request, "factcheck/articles/detail.html", context, status=status)


# ---------------------------------------------------------------- pages


@require_GET
@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    if not selectors.can_view_desk(request.user):
        return render(request, "factcheck/no_role.html", {"message": NO_ROLE_MESSAGE}, status=403)
    q = request.GET.get("q", "").strip()
    # The count annotations add a GROUP BY, which drops Meta.ordering: order explicitly for stable pages.
    articles = selectors.article_list(user=request.user)
    if q:
        articles = articles.filter(title__icontains=q)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "factcheck/articles/list.html", {"page": page, "q": q})


@require_http_methods(["GET", "POST"])
@login_required
def article_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and not request.user.has_perm("factcheck.add_article"):
        return _forbidden(request, "기사를 올릴 권한이 없습니다. 편집자 계정으로 로그인하세요.")
    posted = request.method == "POST"
    form = ArticleUploadForm(request.POST if posted else None, request.FILES if posted else None)
    status, duplicate = 200, None
    if posted:
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            text = form.cleaned_data["text"]
            # An empty textarea beside a file means "no text"; an empty form is empty text, which ingest
            # explains; text and a file together are refused by the service.
            try:
                article = services.upload_article(
                    user=request.user,
                    text=text if text or upload is None else None,
                    file_name=upload.name if upload else None,
                    # Read one byte past the limit, never the whole file: ingest reports "too large".
                    file_data=upload.read(settings.MAX_UPLOAD_BYTES + 1) if upload else None,
                    **form.metadata(),
                )
            except NotAllowed as exc:
                return _forbidden(request, exc.message)
            except DuplicateArticle as exc:
                duplicate, status = exc.article, 409
                form.add_error(None, exc.message)
            except InvalidUpload as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, f"기사를 올렸습니다: 「{article.title}」 주장 추출 결과를 확인하세요.")
                return redirect(article)
    return render(request, "factcheck/articles/upload.html", {"form": form, "duplicate": duplicate}, status=status)


def _add_service_errors(form: ArticleMetadataForm, exc: InvalidUpload) -> None:
    """Put the service's per-field messages next to their fields; anything else goes on top of the form."""
    placed = False
    for field, message in exc.details.items():
        if field in form.fields:
            form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@require_GET
@login_required
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_response(request, pk)


@require_http_methods(["GET", "POST"])
@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    if request.method == "GET" and not request.user.has_perm("factcheck.change_article"):
        return _forbidden(request, "기사 정보를 수정할 권한이 없습니다.")
    initial = {f: getattr(article, f) for f in ("title", "outlet", "byline", "url", "published_at")}
    form = ArticleMetadataForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_article_metadata(user=request.user, article=article, **form.metadata())
            except NotAllowed as exc:
                return _forbidden(request, exc.message)
            except InvalidUpload as exc:
                _add_service_errors(form, exc)
            else:
                messages.success(request, "기사 정보를 저장했습니다.")
                return redirect(article)
    return render(request, "factcheck/articles/edit.html", {"form": form, "article": article}, status=status)


@require_POST
@login_required
def article_extract(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(selectors.article_list(user=request.user), pk=pk)
    try:
        article = services.request_extraction(user=request.user, article=article)
    except NotAllowed as exc:
        return _forbidden(request, exc.message)
    if article.extraction_status == Article.ExtractionStatus.FAILED:
        messages.error(request, "주장 추출에 실패했습니다. 아래 오류 내용을 확인하세요.")
    else:
        messages.success(request, "주장 추출을 다시 요청했습니다.")
    return redirect(article)


@require_POST
@login_required
def claim_review(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(selectors.claim_list(user=request.user), pk=pk)
    verdicts = _review_verdicts(request.user)
    if not verdicts:
        return _forbidden(request, "판정을 기록할 권한이 없습니다. 검토자 계정으로 로그인하세요.")
    form = _review_form(claim, verdicts, data=request.POST)
    if not form.is_valid():
        messages.error(request, "판정을 기록하지 못했습니다. 표시된 항목을 확인하세요.")
        return _detail_response(request, claim.article_id, bound=form, bound_claim_id=claim.pk, status=400)
    try:
        services.record_review(
            user=request.user,
            claim=claim,
            verdict=form.cleaned_data["verdict"],
            note=form.cleaned_data["note"],
            sources=form.source_inputs(),
            expected_version=form.cleaned_data["version"],
        )
    except NotAllowed as exc:
        return _forbidden(request, exc.message)
    except InvalidReview as exc:
        form.add_error(None, exc.message)
        messages.error(request, exc.message)
        return _detail_response(request, claim.article_id, bound=form, bound_claim_id=claim.pk, status=400)
    except VersionConflict as exc:
        _warn_conflict(request, exc)
        # Keep what the reviewer typed, now against the current version: sending it again is a deliberate
        # decision made after reading the newer verdict, never a silent overwrite.
        data = request.POST.copy()
        data[form.add_prefix("version")] = str(exc.claim.version)
        form = _review_form(claim, verdicts, data=data)
        return _detail_response(request, claim.article_id, bound=form, bound_claim_id=claim.pk, status=409)
    messages.success(request, "판정을 기록했습니다.")
    return redirect(reverse("web:article-detail", args=[claim.article_id]) + f"#claim-{claim.pk}")


def _warn_conflict(request: HttpRequest, exc: VersionConflict) -> None:
    latest = exc.latest_review
    note = f" 최신 판정 메모: {latest.note}" if latest is not None and latest.note else ""
    messages.warning(request, exc.message + note)
